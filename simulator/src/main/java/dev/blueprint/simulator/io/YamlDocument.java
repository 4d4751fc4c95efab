package dev.blueprint.simulator.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML text being read into a domain record. Collects every problem with its line and column
 * instead of stopping at the first, and checks source references once the whole document has been
 * read. Loaders are pure functions: text and origin in, a record or an {@link
 * InvalidInputException} out.
 */
public final class YamlDocument {
  private final String origin;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Node> declaredSources = new HashMap<>();
  private final List<SourceReference> sourceReferences = new ArrayList<>();
  private final Set<String> usedSources = new LinkedHashSet<>();
  private final Optional<YamlMap> root;

  private record SourceReference(String id, Node at, String field) {}

  private YamlDocument(String text, String origin) {
    this.origin = origin;
    this.root = compose(text);
  }

  /** Reads {@code text}; syntax errors become problems of the returned document. */
  public static YamlDocument parse(String text, String origin) {
    return new YamlDocument(text, origin);
  }

  /**
   * The deepest nesting of lists and mappings a file may have. snakeyaml-engine composes nodes
   * recursively with no limit of its own, so a few kilobytes of {@code [[[[...} would overflow the
   * stack; no profile, design or task file comes near this depth.
   */
  static final int MAX_NESTING = 100;

  private Optional<YamlMap> compose(String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(origin).build();
    try {
      if (tooDeep(settings, text)) {
        return Optional.empty();
      }
      Optional<Node> node = new Compose(settings).composeString(text);
      if (node.isEmpty()) {
        problems.add(new Problem(origin, 0, 0, "", "the file is empty"));
        return Optional.empty();
      }
      if (!(node.get() instanceof MappingNode mapping)) {
        problem(node.get(), "", "expected a mapping of keys to values at the top level");
        return Optional.empty();
      }
      return Optional.of(new YamlMap(this, mapping, ""));
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark();
      int line = mark.map(m -> m.getLine() + 1).orElse(0);
      int column = mark.map(m -> m.getColumn() + 1).orElse(0);
      String what = e.getProblem() == null ? "malformed YAML" : e.getProblem();
      problems.add(new Problem(origin, line, column, "", "not valid YAML: " + what));
      return Optional.empty();
    } catch (YamlEngineException e) {
      problems.add(new Problem(origin, 0, 0, "", "not valid YAML: " + e.getMessage()));
      return Optional.empty();
    }
  }

  /**
   * Walks the parser's events (the parser keeps its own stack, so this does not recurse) and
   * records a problem where the nesting passes {@link #MAX_NESTING}.
   */
  private boolean tooDeep(LoadSettings settings, String text) {
    int depth = 0;
    for (Event event : new Parse(settings).parseString(text)) {
      Event.ID id = event.getEventId();
      if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
        depth++;
        if (depth > MAX_NESTING) {
          Optional<Mark> mark = event.getStartMark();
          problems.add(
              new Problem(
                  origin,
                  mark.map(m -> m.getLine() + 1).orElse(0),
                  mark.map(m -> m.getColumn() + 1).orElse(0),
                  "",
                  "lists and mappings are nested more than " + MAX_NESTING + " deep"));
          return true;
        }
      } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
        depth--;
      }
    }
    return false;
  }

  public String origin() {
    return origin;
  }

  /** The top-level mapping, empty when the text was not a YAML mapping (a problem says why). */
  public Optional<YamlMap> root() {
    return root;
  }

  /** Records a problem at {@code node}. */
  public void problem(Node node, String field, String message) {
    Optional<Mark> mark = node.getStartMark();
    problems.add(
        new Problem(
            origin,
            mark.map(m -> m.getLine() + 1).orElse(0),
            mark.map(m -> m.getColumn() + 1).orElse(0),
            field,
            message));
  }

  /** Records a problem that concerns the whole file. */
  public void problem(String field, String message) {
    problems.add(new Problem(origin, 0, 0, field, message));
  }

  void declareSource(String id, Node at) {
    declaredSources.put(id, at);
  }

  void referenceSource(String id, Node at, String field) {
    sourceReferences.add(new SourceReference(id, at, field));
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Problems so far, in the order found. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /**
   * Checks the source references against the declared sources, then throws if anything was wrong
   * with the document.
   *
   * @throws InvalidInputException with every problem found
   */
  public void finish() {
    for (SourceReference reference : sourceReferences) {
      if (!declaredSources.containsKey(reference.id())) {
        problem(
            reference.at(),
            reference.field(),
            "source '"
                + reference.id()
                + "' is not declared under 'sources:'"
                + Suggestions.didYouMean(reference.id(), declaredSources.keySet()));
      } else {
        usedSources.add(reference.id());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
