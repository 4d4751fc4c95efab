package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.io.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sets values in a design file's text by path, keeping everything else as written: comments, order,
 * layout and line numbers (a key the file lacks is added as one new line in its mapping). Editing
 * the text rather than a parsed tree keeps the result a file a person can read and diff, and lets
 * the design parser judge it exactly as it judges a hand-edited file.
 */
public final class DesignEdit {
  /** Scalars that need no quotes in block or flow context. */
  private static final Pattern PLAIN =
      Pattern.compile("[A-Za-z0-9_$./%+-][A-Za-z0-9_$./%+ ()=<>!-]*");

  /** Plain words YAML reads as something other than a string. */
  private static final Set<String> RESERVED =
      Set.of(
          "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
          "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF");

  /**
   * Paths a user may reasonably write for a field that sits one level up in the format: a model
   * server's batching settings are fields of the component, beside {@code batching}.
   */
  private static final Map<String, String> BATCHING_ALIASES =
      Map.of("max_batch", "max_batch", "max_queue_delay", "max_queue_delay", "mode", "batching");

  private DesignEdit() {}

  /**
   * The text with each path set to its value.
   *
   * @param origin the file the text came from, for messages
   * @throws InvalidInputException naming the path when it leads nowhere (with the nearest keys),
   *     through a list index out of range, or to a list or mapping rather than a value
   */
  public static String apply(String text, String origin, Map<ParameterPath, String> values) {
    String edited = text;
    for (Map.Entry<ParameterPath, String> entry : values.entrySet()) {
      edited = set(edited, origin, entry.getKey(), entry.getValue());
    }
    return edited;
  }

  /** The text with one path set to {@code value}. */
  public static String set(String text, String origin, ParameterPath path, String value) {
    Node root = compose(text, origin);
    ParameterPath resolved = resolveAlias(root, path);
    Node node = root;
    List<String> segments = resolved.segments();
    for (int i = 0; i < segments.size(); i++) {
      String key = segments.get(i);
      boolean last = i == segments.size() - 1;
      String at = String.join(".", segments.subList(0, i + 1));
      if (node instanceof MappingNode mapping) {
        Optional<NodeTuple> entry = entry(mapping, key);
        if (entry.isEmpty()) {
          if (last) {
            return insert(text, mapping, key, value);
          }
          throw problem(
              origin,
              path,
              "'" + at + "' is not in the design" + Suggestions.didYouMean(key, keys(mapping)));
        }
        node = entry.get().getValueNode();
      } else if (node instanceof SequenceNode sequence) {
        int index = index(origin, path, key, sequence.getValue().size());
        node = sequence.getValue().get(index);
      } else {
        throw problem(
            origin,
            path,
            "'"
                + String.join(".", segments.subList(0, i))
                + "' is a value, so it has no '"
                + key
                + "'");
      }
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw problem(
          origin,
          path,
          "'"
              + resolved
              + "' is a "
              + (node instanceof MappingNode ? "mapping" : "list")
              + "; only single values can be varied");
    }
    if (node.getAnchor().isPresent()) {
      throw problem(
          origin,
          path,
          "'"
              + resolved
              + "' is the anchor &"
              + node.getAnchor().get()
              + ", which other places repeat; vary it where it is written out, or write it out");
    }
    return replace(text, scalar, yamlScalar(value));
  }

  /** {@code value} as YAML: as written when that reads back as the same string, else quoted. */
  public static String yamlScalar(String value) {
    boolean special =
        RESERVED.contains(value)
            || value.equals("-")
            || value.startsWith("- ")
            || value.startsWith("%");
    if (PLAIN.matcher(value).matches() && !value.endsWith(" ") && !special) {
      return value;
    }
    return '"'
        + value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\t", "\\t")
            .replace("\r", "\\r")
        + '"';
  }

  private static ParameterPath resolveAlias(Node root, ParameterPath path) {
    List<String> s = path.segments();
    if (s.size() == 4
        && s.get(0).equals("components")
        && s.get(2).equals("batching")
        && BATCHING_ALIASES.containsKey(s.get(3))
        && root instanceof MappingNode top) {
      boolean batchingIsValue =
          entry(top, "components")
              .map(NodeTuple::getValueNode)
              .filter(MappingNode.class::isInstance)
              .flatMap(c -> entry((MappingNode) c, s.get(1)))
              .map(NodeTuple::getValueNode)
              .filter(MappingNode.class::isInstance)
              .flatMap(c -> entry((MappingNode) c, "batching"))
              .map(t -> !(t.getValueNode() instanceof MappingNode))
              .orElse(true);
      if (batchingIsValue) {
        return new ParameterPath(List.of("components", s.get(1), BATCHING_ALIASES.get(s.get(3))));
      }
    }
    return path;
  }

  private static Node compose(String text, String origin) {
    try {
      return new Compose(LoadSettings.builder().setLabel(origin).build())
          .composeString(text)
          .orElseThrow(
              () -> InvalidInputException.of(new Problem(origin, 0, 0, "", "the file is empty")));
    } catch (YamlEngineException e) {
      throw InvalidInputException.of(
          new Problem(origin, 0, 0, "", "not valid YAML: " + e.getMessage()));
    }
  }

  private static Optional<NodeTuple> entry(MappingNode mapping, String key) {
    return mapping.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
        .findFirst();
  }

  private static List<String> keys(MappingNode mapping) {
    List<String> keys = new ArrayList<>();
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k) {
        keys.add(k.getValue());
      }
    }
    return keys;
  }

  private static int index(String origin, ParameterPath path, String key, int size) {
    try {
      int index = Integer.parseInt(key);
      if (index >= 0 && index < size) {
        return index;
      }
    } catch (NumberFormatException e) {
      throw problem(origin, path, "'" + key + "' indexes a list, so it must be a whole number");
    }
    throw problem(origin, path, "index " + key + " is outside the list of " + size);
  }

  private static String replace(String text, ScalarNode node, String scalar) {
    int start = offset(text, node.getStartMark().orElseThrow().getIndex());
    int end = offset(text, node.getEndMark().orElseThrow().getIndex());
    String replacement = scalar;
    if (node.getScalarStyle() == ScalarStyle.LITERAL
        || node.getScalarStyle() == ScalarStyle.FOLDED) {
      // A block scalar's end is the next line's indentation: keep that line as it was.
      int lastNewline = text.lastIndexOf('\n', end - 1);
      if (lastNewline >= start) {
        end = lastNewline + 1;
        replacement = scalar + "\n";
      }
    }
    if (start > 0 && text.charAt(start - 1) == ':') {
      replacement =
          " " + replacement; // an empty value written "key:" needs the space YAML requires
    }
    return text.substring(0, start) + replacement + text.substring(end);
  }

  private static String insert(String text, MappingNode mapping, String key, String value) {
    String entry = key + ": " + yamlScalar(value);
    if (mapping.getFlowStyle() == FlowStyle.FLOW) {
      int close =
          text.lastIndexOf('}', offset(text, mapping.getEndMark().orElseThrow().getIndex()) - 1);
      String before = text.substring(0, close).stripTrailing();
      String separator =
          mapping.getValue().isEmpty() || before.endsWith(",") || before.endsWith("{") ? " " : ", ";
      return before + separator + entry + text.substring(close);
    }
    // The entry goes after the mapping's last line: the last key's line and every line after it
    // indented deeper than the mapping's keys (its nested value, a block scalar), or a list item
    // at the keys' own indentation that belongs to the last value.
    NodeTuple last = mapping.getValue().get(mapping.getValue().size() - 1);
    int column = last.getKeyNode().getStartMark().orElseThrow().getColumn();
    boolean lastIsList =
        last.getValueNode() instanceof SequenceNode sequence
            && sequence.getFlowStyle() == FlowStyle.BLOCK;
    int lineStart =
        lineEnd(text, offset(text, last.getKeyNode().getStartMark().orElseThrow().getIndex()));
    int insertAt = lineStart;
    for (int at = lineStart; at < text.length(); at = lineEnd(text, at)) {
      String line = text.substring(at, lineEnd(text, at));
      String content = line.strip();
      if (content.isEmpty() || content.startsWith("#")) {
        continue; // a comment, wherever it stands, neither ends an entry nor belongs to it
      }
      int indent = line.length() - line.stripLeading().length();
      boolean ownItem = lastIsList && indent == column && content.startsWith("-");
      if (indent <= column && !ownItem) {
        break;
      }
      insertAt = lineEnd(text, at);
    }
    String prefix = insertAt == text.length() && !text.endsWith("\n") ? "\n" : "";
    return text.substring(0, insertAt)
        + prefix
        + " ".repeat(column)
        + entry
        + "\n"
        + text.substring(insertAt);
  }

  /**
   * Adds {@code key} with a block of {@code fields} ("field: value" lines, values already YAML) at
   * the end of the mapping at {@code parent}; an empty {@code fields} adds {@code key: {}}.
   *
   * @throws InvalidInputException when {@code parent} is not a mapping, or already has the key
   */
  public static String addEntry(
      String text, String origin, ParameterPath parent, String key, List<String> fields) {
    Node node = resolve(compose(text, origin), origin, parent);
    if (!(node instanceof MappingNode mapping)) {
      throw problem(origin, parent, "'" + parent + "' is not a mapping");
    }
    if (entry(mapping, key).isPresent()) {
      throw problem(origin, parent, "'" + parent + "." + key + "' is already there");
    }
    if (mapping.getValue().isEmpty() || mapping.getFlowStyle() == FlowStyle.FLOW) {
      throw problem(
          origin, parent, "'" + parent + "' is empty or written inline; add to it by hand");
    }
    int column = mapping.getValue().get(0).getKeyNode().getStartMark().orElseThrow().getColumn();
    StringBuilder block = new StringBuilder(" ".repeat(column)).append(key).append(':');
    if (fields.isEmpty()) {
      block.append(" {}");
    }
    block.append('\n');
    for (String field : fields) {
      block.append(" ".repeat(column + 2)).append(field).append('\n');
    }
    int at = endOfLastEntry(text, mapping);
    String prefix = at == text.length() && !text.endsWith("\n") ? "\n" : "";
    return text.substring(0, at) + prefix + block + text.substring(at);
  }

  /**
   * Removes the entry at {@code path} from its block mapping: its key line and every line of its
   * value.
   *
   * @throws InvalidInputException when the path leads nowhere or is not a block mapping's entry
   */
  public static String removeEntry(String text, String origin, ParameterPath path) {
    List<String> segments = path.segments();
    ParameterPath parentPath =
        segments.size() == 1 ? null : new ParameterPath(segments.subList(0, segments.size() - 1));
    Node root = compose(text, origin);
    Node parent = parentPath == null ? root : resolve(root, origin, parentPath);
    if (!(parent instanceof MappingNode mapping) || mapping.getFlowStyle() == FlowStyle.FLOW) {
      throw problem(origin, path, "'" + path + "' is not an entry of a block mapping");
    }
    NodeTuple entry =
        entry(mapping, path.last())
            .orElseThrow(() -> problem(origin, path, "'" + path + "' is not in the design"));
    int column = entry.getKeyNode().getStartMark().orElseThrow().getColumn();
    int start =
        lineStart(text, offset(text, entry.getKeyNode().getStartMark().orElseThrow().getIndex()));
    int end = endOfEntry(text, entry, column);
    return text.substring(0, start) + text.substring(end);
  }

  /**
   * Sets the value at {@code path} to {@code yaml} written inline (a flow list such as {@code [a,
   * b]}, or a scalar), whatever it was, or adds the key at the end of its mapping.
   */
  public static String replaceValue(String text, String origin, ParameterPath path, String yaml) {
    List<String> segments = path.segments();
    Node root = compose(text, origin);
    Node parent =
        segments.size() == 1
            ? root
            : resolve(root, origin, new ParameterPath(segments.subList(0, segments.size() - 1)));
    if (!(parent instanceof MappingNode mapping)) {
      throw problem(origin, path, "'" + path + "' is not in a mapping");
    }
    Optional<NodeTuple> entry = entry(mapping, path.last());
    if (entry.isEmpty()) {
      if (mapping.getFlowStyle() == FlowStyle.FLOW || mapping.getValue().isEmpty()) {
        throw problem(origin, path, "'" + path + "' cannot be added to an inline mapping");
      }
      int column = mapping.getValue().get(0).getKeyNode().getStartMark().orElseThrow().getColumn();
      int at = endOfLastEntry(text, mapping);
      String prefix = at == text.length() && !text.endsWith("\n") ? "\n" : "";
      return text.substring(0, at)
          + prefix
          + " ".repeat(column)
          + path.last()
          + ":"
          + (yaml.startsWith("\n") ? "" : " ")
          + yaml
          + "\n"
          + text.substring(at);
    }
    NodeTuple tuple = entry.get();
    Node value = tuple.getValueNode();
    boolean block =
        (value instanceof MappingNode m
                && m.getFlowStyle() == FlowStyle.BLOCK
                && !m.getValue().isEmpty())
            || (value instanceof SequenceNode q
                && q.getFlowStyle() == FlowStyle.BLOCK
                && !q.getValue().isEmpty())
            || (value instanceof ScalarNode sc
                && (sc.getScalarStyle() == ScalarStyle.LITERAL
                    || sc.getScalarStyle() == ScalarStyle.FOLDED));
    if (!block) {
      int start = offset(text, value.getStartMark().orElseThrow().getIndex());
      int end = offset(text, value.getEndMark().orElseThrow().getIndex());
      if (yaml.startsWith("\n")) {
        // A block written after "key:": no space left dangling after the colon.
        while (start > 0 && text.charAt(start - 1) == ' ') {
          start--;
        }
        return text.substring(0, start) + yaml + text.substring(end);
      }
      String lead = start > 0 && text.charAt(start - 1) == ':' ? " " : "";
      return text.substring(0, start) + lead + yaml + text.substring(end);
    }
    // A block value: everything from just after "key:" to the end of the entry becomes " yaml".
    int keyEnd = offset(text, tuple.getKeyNode().getEndMark().orElseThrow().getIndex());
    int colon = text.indexOf(':', keyEnd);
    int column = tuple.getKeyNode().getStartMark().orElseThrow().getColumn();
    int end = endOfEntry(text, tuple, column);
    return text.substring(0, colon + 1)
        + (yaml.startsWith("\n") ? "" : " ")
        + yaml
        + "\n"
        + text.substring(end);
  }

  private static Node resolve(Node root, String origin, ParameterPath path) {
    Node node = root;
    for (String key : path.segments()) {
      if (node instanceof MappingNode mapping) {
        node =
            entry(mapping, key)
                .map(NodeTuple::getValueNode)
                .orElseThrow(() -> problem(origin, path, "'" + path + "' is not in the design"));
      } else if (node instanceof SequenceNode sequence) {
        node = sequence.getValue().get(index(origin, path, key, sequence.getValue().size()));
      } else {
        throw problem(origin, path, "'" + path + "' goes through a value");
      }
    }
    return node;
  }

  /** The offset just past the last line of a block mapping's last entry. */
  private static int endOfLastEntry(String text, MappingNode mapping) {
    NodeTuple last = mapping.getValue().get(mapping.getValue().size() - 1);
    return endOfEntry(text, last, last.getKeyNode().getStartMark().orElseThrow().getColumn());
  }

  /**
   * The offset just past the last line of an entry whose key sits at {@code column}: its key's line
   * and every later line indented deeper (or a list item at the key's own indentation that belongs
   * to its value), blank lines inside included.
   */
  private static int endOfEntry(String text, NodeTuple entry, int column) {
    boolean valueIsList =
        entry.getValueNode() instanceof SequenceNode sequence
            && sequence.getFlowStyle() == FlowStyle.BLOCK;
    int first =
        lineEnd(text, offset(text, entry.getKeyNode().getStartMark().orElseThrow().getIndex()));
    int end;
    end = first;
    for (int at = first; at < text.length(); at = lineEnd(text, at)) {
      String line = text.substring(at, lineEnd(text, at));
      String content = line.strip();
      if (content.isEmpty() || content.startsWith("#")) {
        continue; // a comment, wherever it stands, neither ends an entry nor belongs to it
      }
      int indent = line.length() - line.stripLeading().length();
      boolean ownItem = valueIsList && indent == column && content.startsWith("-");
      if (indent <= column && !ownItem) {
        break;
      }
      end = lineEnd(text, at);
    }
    return end;
  }

  private static int lineStart(String text, int offset) {
    return text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  }

  /** The offset just past the line holding {@code offset} (past its newline), or the text's end. */
  private static int lineEnd(String text, int offset) {
    int newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length() : newline + 1;
  }

  /**
   * The char offset of a code-point index (the two differ only past characters outside the BMP).
   */
  private static int offset(String text, int codePointIndex) {
    return text.offsetByCodePoints(
        0, Math.min(codePointIndex, text.codePointCount(0, text.length())));
  }

  private static InvalidInputException problem(String origin, ParameterPath path, String message) {
    return InvalidInputException.of(new Problem(origin, 0, 0, path.toString(), message));
  }
}
