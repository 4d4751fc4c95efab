package dev.blueprint.simulator.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Profiles by id, read from the shipped classpath folder and then a user folder (whose files
 * replace shipped ones with the same id). A file that fails to load is left out and its problems
 * kept: {@link #problems()} lists them and {@link #get} explains why an id that was rejected is
 * missing.
 *
 * @param <T> the profile type
 */
public final class Catalog<T> {
  private final String what;
  private final Map<String, T> byId;
  private final Map<String, T> userOverrides;
  private final List<Problem> problems;
  private final Map<String, List<Problem>> rejectedById;

  private Catalog(
      String what,
      Map<String, T> byId,
      Map<String, T> userOverrides,
      List<Problem> problems,
      Map<String, List<Problem>> rejectedById) {
    this.what = what;
    this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
    this.userOverrides = Map.copyOf(userOverrides);
    this.problems = List.copyOf(problems);
    this.rejectedById = Map.copyOf(rejectedById);
  }

  /**
   * Loads every file of {@code shipped}, then of {@code user}.
   *
   * @param what what the profiles are called in messages ("hardware profile")
   * @param parser text + origin → profile, throwing {@link InvalidInputException}
   * @param idOf the id of a loaded profile
   */
  public static <T> Catalog<T> load(
      String what,
      List<TextFile> shipped,
      List<TextFile> user,
      BiFunction<String, String, T> parser,
      Function<T, String> idOf) {
    Map<String, T> byId = new LinkedHashMap<>();
    Map<String, T> overrides = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, List<Problem>> rejected = new LinkedHashMap<>();
    for (List<TextFile> files : List.of(shipped, user)) {
      for (TextFile file : files) {
        try {
          T profile = parser.apply(file.text(), file.origin());
          String id = idOf.apply(profile);
          if (files == user && byId.containsKey(id)) {
            overrides.put(id, profile);
          }
          byId.put(id, profile);
        } catch (InvalidInputException e) {
          reject(file, e.problems(), problems, rejected);
        } catch (IllegalArgumentException e) {
          // A value the parser let through but a domain record refused: still this file's fault.
          reject(
              file,
              List.of(new Problem(file.origin(), 0, 0, "", String.valueOf(e.getMessage()))),
              problems,
              rejected);
        }
      }
    }
    return new Catalog<>(what, byId, overrides, problems, rejected);
  }

  private static void reject(
      TextFile file,
      List<Problem> why,
      List<Problem> problems,
      Map<String, List<Problem>> rejected) {
    problems.addAll(why);
    String fileName = file.fileName();
    String id =
        fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5) : fileName;
    rejected.put(id, why);
  }

  /** A catalog of the given profiles, for tests and synthetic sets. */
  public static <T> Catalog<T> of(String what, Collection<T> profiles, Function<T, String> idOf) {
    Map<String, T> byId = new LinkedHashMap<>();
    for (T profile : profiles) {
      byId.put(idOf.apply(profile), profile);
    }
    return new Catalog<>(what, byId, Map.of(), List.of(), Map.of());
  }

  /** The profile with this id, if loaded. */
  public Optional<T> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The profile with this id.
   *
   * @throws UnknownIdException with the nearest ids, and the load problems if the file was rejected
   */
  public T get(String id) {
    T profile = byId.get(id);
    if (profile != null) {
      return profile;
    }
    List<Problem> why = rejectedById.get(id);
    String extra =
        why == null
            ? ""
            : "; its file was rejected:\n  "
                + String.join("\n  ", why.stream().map(Problem::toString).toList());
    throw new UnknownIdException(what, id, Suggestions.nearest(id, byId.keySet(), 3), extra);
  }

  /** All loaded profiles, sorted by id. */
  public List<T> all() {
    return List.copyOf(byId.values());
  }

  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** Whether the profile with this id came from the user folder and replaced a shipped one. */
  public boolean isUserOverride(String id) {
    return userOverrides.containsKey(id);
  }

  /** Problems of every file that was left out. */
  public List<Problem> problems() {
    return problems;
  }

  public int size() {
    return byId.size();
  }
}
