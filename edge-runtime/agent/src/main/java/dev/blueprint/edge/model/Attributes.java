package dev.blueprint.edge.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's settings: integers, floats, strings and integer lists, by name. Immutable; the typed
 * getters say which attribute is missing or of the wrong type.
 */
public final class Attributes {
  public static final Attributes NONE = new Attributes(Map.of());

  private final Map<String, Object> values;

  private Attributes(Map<String, Object> values) {
    this.values = values;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, Object> asMap() {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, v instanceof int[] list ? list.clone() : v));
    return Collections.unmodifiableMap(copy);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public int getInt(String name, int fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer i) {
      return i;
    }
    throw wrongType(name, "an integer", v);
  }

  public int getInt(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("missing attribute '" + name + "'");
    }
    return getInt(name, 0);
  }

  public float getFloat(String name, float fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Float f) {
      return f;
    }
    throw wrongType(name, "a float", v);
  }

  public String getString(String name, String fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String s) {
      return s;
    }
    throw wrongType(name, "a string", v);
  }

  public int[] getInts(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing attribute '" + name + "'");
    }
    if (v instanceof int[] list) {
      return list.clone();
    }
    throw wrongType(name, "an integer list", v);
  }

  public Activation activation() {
    return Activation.fromLabel(getString("activation", "none"));
  }

  private static IllegalArgumentException wrongType(String name, String wanted, Object got) {
    return new IllegalArgumentException(
        "attribute '" + name + "' must be " + wanted + ", got " + describe(got));
  }

  private static String describe(Object v) {
    return v instanceof int[] list ? Arrays.toString(list) : String.valueOf(v);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Attributes a) || !a.values.keySet().equals(values.keySet())) {
      return false;
    }
    for (var e : values.entrySet()) {
      Object mine = e.getValue();
      Object theirs = a.values.get(e.getKey());
      boolean same =
          mine instanceof int[] x && theirs instanceof int[] y
              ? Arrays.equals(x, y)
              : mine.equals(theirs);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return values.keySet().hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    values.forEach(
        (k, v) ->
            out.append(out.length() > 1 ? ", " : "").append(k).append('=').append(describe(v)));
    return out.append('}').toString();
  }

  /** Collects attributes in insertion order. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Builder put(String name, int value) {
      values.put(name, value);
      return this;
    }

    public Builder put(String name, float value) {
      values.put(name, value);
      return this;
    }

    public Builder put(String name, String value) {
      values.put(name, value);
      return this;
    }

    public Builder ints(String name, int... value) {
      values.put(name, value.clone());
      return this;
    }

    public Attributes build() {
      return values.isEmpty()
          ? NONE
          : new Attributes(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }
  }
}
