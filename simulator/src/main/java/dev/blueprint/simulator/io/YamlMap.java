package dev.blueprint.simulator.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping read field by field. Every key a loader asks for is remembered; {@link #finish()}
 * reports the keys nobody asked for as unknown, with the nearest known key as a suggestion. Missing
 * and malformed values are recorded as problems in the {@link YamlDocument}, and the accessors
 * return empty or a neutral fallback so the loader can go on and find the next problem too.
 */
public final class YamlMap {
  private final YamlDocument document;
  private final MappingNode node;
  private final String path;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> asked = new LinkedHashSet<>();

  YamlMap(YamlDocument document, MappingNode node, String path) {
    this.document = document;
    this.node = node;
    this.path = path;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        document.problem(tuple.getKeyNode(), path, "keys must be plain names");
        continue;
      }
      if (entries.containsKey(key.getValue())) {
        document.problem(key, field(key.getValue()), "duplicate key");
        continue;
      }
      entries.put(key.getValue(), tuple);
    }
  }

  /**
   * A node read as a mapping, for mappings inside lists; records a problem and returns empty when
   * the node is something else.
   */
  public static Optional<YamlMap> of(YamlDocument document, Node node, String path) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMap(document, mapping, path));
    }
    document.problem(node, path, "expected a mapping of keys to values");
    return Optional.empty();
  }

  /** The dotted path of this mapping in the document; empty at the top. */
  public String path() {
    return path;
  }

  public YamlDocument document() {
    return document;
  }

  /** The node, for problems that concern the mapping as a whole. */
  public Node node() {
    return node;
  }

  /** The dotted path of {@code key} inside this mapping. */
  public String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    asked.add(key);
    return entries.containsKey(key);
  }

  /** Keys in file order (each counts as asked for). */
  public List<String> keys() {
    asked.addAll(entries.keySet());
    return List.copyOf(entries.keySet());
  }

  /** Marks keys as known without reading them (for keys read through {@link #rawNode}). */
  public void allow(String... keys) {
    Collections.addAll(asked, keys);
  }

  /** The value node of {@code key}, if present. */
  public Optional<Node> rawNode(String key) {
    asked.add(key);
    NodeTuple tuple = entries.get(key);
    return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
  }

  /** Where {@code key} is written, or the mapping itself when the key is absent. */
  public Node keyNode(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? node : tuple.getKeyNode();
  }

  /** An optional scalar as text. */
  public Optional<String> string(String key) {
    Optional<Node> value = rawNode(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get() instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue());
    }
    document.problem(value.get(), field(key), "expected a single value, not a list or mapping");
    return Optional.empty();
  }

  /** A required scalar as text; records a problem and returns "" when missing. */
  public String requireString(String key) {
    Optional<String> value = string(key);
    if (value.isEmpty() && !entries.containsKey(key)) {
      missing(key);
    }
    return value.orElse("");
  }

  /**
   * An optional value converted by {@code parser}, whose {@link IllegalArgumentException} message
   * becomes the problem text. Accepts the long form {@code {value: x, source: id}}, which records a
   * source reference.
   */
  public <T> Optional<T> value(String key, Function<String, T> parser) {
    Optional<Node> raw = rawNode(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Node valueNode = raw.get();
    String text;
    if (valueNode instanceof MappingNode mapping) {
      YamlMap sourced = new YamlMap(document, mapping, field(key));
      Optional<String> source = sourced.string("source");
      source.ifPresent(
          id -> document.referenceSource(id, sourced.keyNode("source"), sourced.field("source")));
      if (source.isEmpty()) {
        sourced.missing("source");
      }
      Optional<T> result = sourced.value("value", parser);
      if (!sourced.has("value")) {
        sourced.missing("value");
      }
      sourced.finish();
      return result;
    }
    if (!(valueNode instanceof ScalarNode scalar)) {
      document.problem(valueNode, field(key), "expected a single value, not a list");
      return Optional.empty();
    }
    text = scalar.getValue();
    try {
      return Optional.ofNullable(parser.apply(text));
    } catch (IllegalArgumentException e) {
      document.problem(valueNode, field(key), e.getMessage());
      return Optional.empty();
    }
  }

  /** A required value; records a problem when missing or malformed. */
  public <T> Optional<T> requireValue(String key, Function<String, T> parser) {
    if (!has(key)) {
      missing(key);
      return Optional.empty();
    }
    return value(key, parser);
  }

  /** An optional number without unit. */
  public Optional<Double> number(String key) {
    return value(key, YamlMap::parseNumber);
  }

  /** An optional whole number. */
  public Optional<Integer> integer(String key) {
    return value(key, YamlMap::parseInteger);
  }

  /** An optional boolean ({@code true} / {@code false}). */
  public Optional<Boolean> bool(String key) {
    return value(
        key,
        text -> {
          String t = text.trim().toLowerCase(Locale.ROOT);
          if (t.equals("true")) {
            return true;
          }
          if (t.equals("false")) {
            return false;
          }
          throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        });
  }

  /** An optional nested mapping. */
  public Optional<YamlMap> map(String key) {
    Optional<Node> raw = rawNode(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.get() instanceof MappingNode mapping) {
      return Optional.of(new YamlMap(document, mapping, field(key)));
    }
    document.problem(raw.get(), field(key), "expected a mapping of keys to values");
    return Optional.empty();
  }

  /** A required nested mapping; records a problem when missing. */
  public Optional<YamlMap> requireMap(String key) {
    if (!has(key)) {
      missing(key);
      return Optional.empty();
    }
    return map(key);
  }

  /** An optional list; each element is given with its path ({@code layers[3]}). */
  public Optional<List<Node>> list(String key) {
    Optional<Node> raw = rawNode(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.get() instanceof SequenceNode sequence) {
      return Optional.of(sequence.getValue());
    }
    document.problem(raw.get(), field(key), "expected a list");
    return Optional.empty();
  }

  /** The elements of a list that must all be mappings. */
  public List<YamlMap> mapList(String key) {
    List<YamlMap> maps = new ArrayList<>();
    List<Node> nodes = list(key).orElse(List.of());
    for (int i = 0; i < nodes.size(); i++) {
      Node element = nodes.get(i);
      String elementPath = field(key) + "[" + i + "]";
      if (element instanceof MappingNode mapping) {
        maps.add(new YamlMap(document, mapping, elementPath));
      } else {
        document.problem(element, elementPath, "expected a mapping of keys to values");
      }
    }
    return maps;
  }

  /** The scalar elements of a list, converted by {@code parser}. */
  public <T> List<T> valueList(String key, Function<String, T> parser) {
    List<T> values = new ArrayList<>();
    List<Node> nodes = list(key).orElse(List.of());
    for (int i = 0; i < nodes.size(); i++) {
      Node element = nodes.get(i);
      String elementPath = field(key) + "[" + i + "]";
      if (!(element instanceof ScalarNode scalar)) {
        document.problem(element, elementPath, "expected a single value");
        continue;
      }
      try {
        values.add(parser.apply(scalar.getValue()));
      } catch (IllegalArgumentException e) {
        document.problem(element, elementPath, e.getMessage());
      }
    }
    return values;
  }

  /**
   * Reads the {@code source} key of a section: a source id or a list of ids, each of which must be
   * declared under {@code sources:}.
   */
  public void requireSource() {
    Optional<Node> raw = rawNode("source");
    if (raw.isEmpty()) {
      missing("source");
      return;
    }
    if (raw.get() instanceof ScalarNode scalar) {
      document.referenceSource(scalar.getValue(), scalar, field("source"));
    } else if (raw.get() instanceof SequenceNode sequence) {
      for (Node element : sequence.getValue()) {
        if (element instanceof ScalarNode scalar) {
          document.referenceSource(scalar.getValue(), scalar, field("source"));
        } else {
          document.problem(element, field("source"), "expected a source id");
        }
      }
    } else {
      document.problem(raw.get(), field("source"), "expected a source id or a list of ids");
    }
  }

  /** Reads a {@code sources:} mapping of id to citation and declares each id. */
  public Map<String, String> declareSources(String key) {
    Map<String, String> sources = new LinkedHashMap<>();
    Optional<YamlMap> map = requireMap(key);
    if (map.isEmpty()) {
      return sources;
    }
    for (String id : map.get().keys()) {
      Optional<String> citation = map.get().string(id);
      if (citation.isPresent() && !citation.get().isBlank()) {
        sources.put(id, citation.get());
        document.declareSource(id, map.get().keyNode(id));
      } else {
        document.problem(map.get().keyNode(id), map.get().field(id), "a source needs a citation");
      }
    }
    if (sources.isEmpty()) {
      document.problem(map.get().node(), map.get().path(), "at least one source is required");
    }
    return sources;
  }

  /**
   * What a catalog id may be: lower case letters, digits, '.' and '-', starting with a letter or
   * digit.
   */
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  /**
   * Reads the required {@code id} of a profile: lower case letters, digits, '.' and '-', and equal
   * to the file name when the origin is a {@code .yaml} file.
   */
  public String requireId(String origin) {
    String id = requireString("id");
    if (!id.isEmpty() && !ID.matcher(id).matches()) {
      problem("id", "an id is lower case letters, digits, '.' and '-', got '" + id + "'");
    }
    String fileName = origin.replace('\\', '/');
    fileName = fileName.substring(fileName.lastIndexOf('/') + 1);
    if (!id.isEmpty() && fileName.endsWith(".yaml") && !fileName.equals(id + ".yaml")) {
      problem("id", "the id '" + id + "' must match the file name '" + fileName + "'");
    }
    return id;
  }

  /** Records that {@code key} is required and missing. */
  public void missing(String key) {
    document.problem(node, field(key), "required field is missing");
  }

  /** Records a problem at the value of {@code key} (or at the mapping if absent). */
  public void problem(String key, String message) {
    NodeTuple tuple = entries.get(key);
    document.problem(tuple == null ? node : tuple.getValueNode(), field(key), message);
  }

  /** Reports every key that no accessor asked for, with the nearest known key. */
  public void finish() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!asked.contains(entry.getKey())) {
        document.problem(
            entry.getValue().getKeyNode(),
            field(entry.getKey()),
            "unknown field" + Suggestions.didYouMean(entry.getKey(), asked));
      }
    }
  }

  static double parseNumber(String text) {
    try {
      double value = Double.parseDouble(text.trim().replace("_", ""));
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got '" + text + "'");
    }
  }

  static int parseInteger(String text) {
    try {
      return Integer.parseInt(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
    }
  }
}
