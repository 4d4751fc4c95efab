package dev.blueprint.app.workbench;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignContext;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignGraph;
import dev.blueprint.simulator.design.DesignParser;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.whatif.DesignEdit;
import dev.blueprint.simulator.whatif.ParameterPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A design file open in the workbench. The document is the file's text: every edit (adding a
 * component, a field, a connection, a move) rewrites the text where it changes and nothing else, so
 * comments and layout survive, a file opened and saved is the same file, and the command line reads
 * exactly what the canvas shows. Each edit is one step of undo. The text is read by the same parser
 * as the command line's after each edit; a text that does not load is kept, with its problems, so
 * nothing the user typed is lost.
 */
public final class DesignDocument {
  /** What a new design starts as: traffic, no components yet. */
  static final String NEW_DESIGN =
      """
      name: untitled
      description: >
        Question: ... Answer: ...
      workload:
        arrival: poisson
        rate: 1000/s
      components: {}
      flow: []
      slos:
        tail: p99 < 50ms
      """;

  private DesignContext context;
  private Optional<Path> file;
  private String text;
  private String savedText;
  private final Deque<String> undo = new ArrayDeque<>();
  private final Deque<String> redo = new ArrayDeque<>();
  private Design design;
  private DesignGraph graph = DesignGraph.EMPTY;
  private List<Problem> problems = List.of();

  private DesignDocument(Optional<Path> file, String text, DesignContext context) {
    this.file = file;
    this.context = context;
    this.text = text;
    this.savedText = text;
    reparse();
  }

  /** A new, unsaved design. */
  public static DesignDocument untitled(DesignContext context) {
    return new DesignDocument(Optional.empty(), NEW_DESIGN, context);
  }

  /** A new, unsaved design with the given text (a what-if combination to look at). */
  public static DesignDocument fromText(String text, DesignContext context) {
    DesignDocument doc = new DesignDocument(Optional.empty(), text, context);
    doc.savedText = "";
    return doc;
  }

  /**
   * Opens a file; one that does not load opens anyway, with its problems.
   *
   * @throws UncheckedIOException when it cannot be read
   */
  public static DesignDocument open(Path path, DesignContext context) {
    try {
      return new DesignDocument(
          Optional.of(path), Files.readString(path, StandardCharsets.UTF_8), context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The shipped catalogs, with files resolved beside {@code path}. */
  public static DesignContext contextFor(Optional<Path> path) {
    Path folder =
        path.map(p -> p.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    return DesignContext.shipped(DesignFiles.relativeTo(folder));
  }

  public String text() {
    return text;
  }

  public Optional<Path> file() {
    return file;
  }

  public String origin() {
    return file.map(Path::toString).orElse("untitled.yaml");
  }

  /** The loaded design, when the text loads. */
  public Optional<Design> design() {
    return Optional.ofNullable(design);
  }

  /** What is wrong with the text, when it does not load. */
  public List<Problem> problems() {
    return problems;
  }

  public boolean dirty() {
    return !text.equals(savedText);
  }

  public boolean canUndo() {
    return !undo.isEmpty();
  }

  public boolean canRedo() {
    return !redo.isEmpty();
  }

  public void undo() {
    if (!undo.isEmpty()) {
      redo.push(text);
      text = undo.pop();
      reparse();
    }
  }

  public void redo() {
    if (!redo.isEmpty()) {
      undo.push(text);
      text = redo.pop();
      reparse();
    }
  }

  /** Writes the text to {@code path} (whole or not at all) and makes it the document's file. */
  public void saveAs(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path temp = path.resolveSibling(path.getFileName() + ".part");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
    file = Optional.of(path);
    savedText = text;
    // Files the design names are found beside it, so beside its new place from now on.
    context =
        new DesignContext(
            DesignFiles.relativeTo(path.toAbsolutePath().getParent()),
            context.hardware(),
            context.models());
    reparse();
  }

  /** A component as the file writes it. */
  public record Component(String name, String kind, Map<String, String> fields) {}

  /** The components, in file order, with their scalar fields. */
  public List<Component> components() {
    if (componentsFor == text) {
      return componentsCache;
    }
    List<Component> out = new ArrayList<>();
    mapping(root(), "components")
        .ifPresent(
            components -> {
              for (NodeTuple t : components.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key
                    && t.getValueNode() instanceof MappingNode body) {
                  Map<String, String> fields = new LinkedHashMap<>();
                  for (NodeTuple f : body.getValue()) {
                    if (f.getKeyNode() instanceof ScalarNode k
                        && f.getValueNode() instanceof ScalarNode v) {
                      fields.put(k.getValue(), v.getValue());
                    }
                  }
                  out.add(new Component(key.getValue(), fields.getOrDefault("kind", "?"), fields));
                }
              }
            });
    componentsFor = text;
    componentsCache = List.copyOf(out);
    return componentsCache;
  }

  private String componentsFor;
  private List<Component> componentsCache = List.of();

  public Optional<Component> component(String name) {
    return components().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** A connection drawn on the canvas: requests go from one component to the next. */
  public record Edge(String from, String to) {}

  /**
   * The flow as the canvas draws it: the {@link DesignGraph} of the steps the parser could read, so
   * a design with a mistake elsewhere is still drawn.
   */
  public List<Edge> edges() {
    return graph.edges().stream().map(e -> new Edge(e.from(), e.to())).toList();
  }

  /** Whether the flow is a plain chain of names, which the canvas can edit. */
  public boolean flowIsChain() {
    return sequence(root(), "flow")
        .map(f -> f.getValue().stream().allMatch(ScalarNode.class::isInstance))
        .orElse(true);
  }

  /** The flow's plain steps in order (empty when it is not a chain). */
  public List<String> chain() {
    List<String> names = new ArrayList<>();
    sequence(root(), "flow")
        .ifPresent(
            f ->
                f.getValue()
                    .forEach(
                        n -> {
                          if (n instanceof ScalarNode s) {
                            names.add(s.getValue());
                          }
                        }));
    return names;
  }

  /** Where each component is drawn, from the file's {@code layout:}. */
  public Map<String, double[]> layout() {
    return layoutOf(text);
  }

  private static Map<String, double[]> layoutOf(String yaml) {
    Map<String, double[]> out = new LinkedHashMap<>();
    mapping(root(yaml), "layout")
        .ifPresent(
            layout -> {
              for (NodeTuple t : layout.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key
                    && t.getValueNode() instanceof SequenceNode xy
                    && xy.getValue().size() == 2) {
                  try {
                    out.put(
                        key.getValue(),
                        new double[] {
                          Double.parseDouble(((ScalarNode) xy.getValue().get(0)).getValue()),
                          Double.parseDouble(((ScalarNode) xy.getValue().get(1)).getValue())
                        });
                  } catch (RuntimeException e) {
                    // a malformed position is the parser's problem to report; the canvas places it
                    // itself
                  }
                }
              }
            });
    return out;
  }

  // --- edits: each is one undo step -------------------------------------------------------

  /** Adds a component of {@code kind} at (x, y); returns its name. */
  public String addComponent(String kind, double x, double y) {
    ComponentKinds.Kind k = ComponentKinds.of(kind);
    Set<String> taken = new HashSet<>(components().stream().map(Component::name).toList());
    String base = kind.replace("-server", "").replace("feature-store", "features");
    String name = base;
    for (int i = 2; taken.contains(name); i++) {
      name = base + "-" + i;
    }
    Map<String, String> fields = new LinkedHashMap<>(k.starting());
    if (kind.equals("autoscaler")) {
      components().stream()
          .filter(c -> c.kind().equals("station") || c.kind().equals("model-server"))
          .findFirst()
          .ifPresent(target -> fields.put("target", target.name()));
    }
    addComponentWith(name, kind, fields, x, y);
    return name;
  }

  /** Adds a copy of each named component beside it (copy and paste); returns the new names. */
  public List<String> duplicate(List<String> names) {
    String before = text;
    List<String> added = new ArrayList<>();
    Map<String, double[]> layout = layout();
    try {
      for (String name : names) {
        Component c =
            component(name).orElseThrow(() -> new IllegalArgumentException("no component " + name));
        Set<String> taken = new HashSet<>(components().stream().map(Component::name).toList());
        String copy = name + "-copy";
        for (int i = 2; taken.contains(copy); i++) {
          copy = name + "-copy-" + i;
        }
        double[] at = layout.getOrDefault(name, new double[] {40, 40});
        Map<String, String> fields = new LinkedHashMap<>(c.fields());
        fields.remove("kind");
        text = addEntryText(text, copy, c.kind(), fields);
        text = setPosition(text, copy, at[0] + 40, at[1] + 40);
        added.add(copy);
      }
    } catch (RuntimeException e) {
      text = before;
      throw e;
    }
    commit(before);
    return added;
  }

  private void addComponentWith(
      String name, String kind, Map<String, String> fields, double x, double y) {
    String before = text;
    try {
      text = addEntryText(text, name, kind, fields);
      text = setPosition(text, name, x, y);
    } catch (RuntimeException e) {
      text = before;
      throw e;
    }
    commit(before);
  }

  private String addEntryText(
      String current, String name, String kind, Map<String, String> fields) {
    List<String> lines = new ArrayList<>();
    lines.add("kind: " + kind);
    fields.forEach((k, v) -> lines.add(k + ": " + DesignEdit.yamlScalar(v)));
    Optional<MappingNode> components = mapping(root(current), "components");
    if (components.isEmpty()
        || components.get().getValue().isEmpty()
        || components.get().getFlowStyle() == FlowStyle.FLOW) {
      // "components: {}" (or written inline): write the mapping out in block form.
      StringBuilder block = new StringBuilder();
      for (Component c : components()) {
        block.append("\n  ").append(c.name()).append(':');
        c.fields()
            .forEach(
                (k, v) ->
                    block.append("\n    ").append(k).append(": ").append(DesignEdit.yamlScalar(v)));
      }
      block.append("\n  ").append(name).append(':');
      lines.forEach(l -> block.append("\n    ").append(l));
      return DesignEdit.replaceValue(
          current, origin(), ParameterPath.parse("components"), block.toString());
    }
    return DesignEdit.addEntry(current, origin(), ParameterPath.parse("components"), name, lines);
  }

  /**
   * Removes components, their steps in a chain flow, their positions and autoscalers' aim at them.
   */
  public void removeComponents(List<String> requested) {
    if (requested.isEmpty()) {
      return;
    }
    // An autoscaler of a removed component has nothing left to scale: it goes with it.
    List<String> names = new ArrayList<>(requested);
    for (Component c : components()) {
      if (c.kind().equals("autoscaler")
          && names.contains(c.fields().get("target"))
          && !names.contains(c.name())) {
        names.add(c.name());
      }
    }
    String before = text;
    try {
      requireTopLevel(names);
      List<String> steps = steps();
      List<String> kept = steps.stream().filter(n -> !names.contains(n)).toList();
      if (kept.size() != steps.size()) {
        text = writeSteps(text, kept);
      }
      Map<String, double[]> layout = layout();
      if (names.stream().anyMatch(layout::containsKey)) {
        names.forEach(layout::remove);
        text = writeLayout(text, layout);
      }
      for (String name : names) {
        text =
            DesignEdit.removeEntry(text, origin(), new ParameterPath(List.of("components", name)));
      }
    } catch (RuntimeException e) {
      text = before;
      throw e;
    }
    commit(before);
  }

  /**
   * Whether a step of the flow names the component, however deep: from the loaded design ({@link
   * dev.blueprint.simulator.design.Design#componentsInFlow}), else from the edges drawn.
   */
  private boolean inFlow(String name) {
    if (design != null) {
      return design.componentsInFlow().contains(name);
    }
    return edges().stream().anyMatch(e -> e.from().equals(name) || e.to().equals(name))
        || chain().contains(name);
  }

  /**
   * Sets a component's field to {@code value} (as typed), or removes it when blank. Returns the
   * problems of the result; when there are any, the document is left as it was, so a bad value
   * never replaces a good one unseen.
   */
  public List<Problem> setField(String component, String field, String value) {
    String before = text;
    String edited;
    try {
      if (value.isBlank()) {
        edited =
            component(component).map(c -> c.fields().containsKey(field)).orElse(false)
                ? DesignEdit.removeEntry(
                    text, origin(), new ParameterPath(List.of("components", component, field)))
                : text;
      } else {
        edited =
            DesignEdit.set(
                text,
                origin(),
                new ParameterPath(List.of("components", component, field)),
                value.strip());
      }
    } catch (InvalidInputException e) {
      return e.problems();
    }
    List<Problem> found = problemsOf(edited);
    List<Problem> mine =
        found.stream()
            .filter(p -> p.field().equals("components." + component + "." + field))
            .toList();
    if (!mine.isEmpty()) {
      return mine;
    }
    text = edited;
    commit(before);
    return List.of();
  }

  /** Sets a top-level or workload value (name, workload.rate, ...), as {@link #setField}. */
  public List<Problem> setValue(String path, String value) {
    String before = text;
    String edited;
    try {
      edited = DesignEdit.set(text, origin(), ParameterPath.parse(path), value.strip());
    } catch (InvalidInputException e) {
      return e.problems();
    }
    List<Problem> mine = problemsOf(edited).stream().filter(p -> p.field().equals(path)).toList();
    if (!mine.isEmpty()) {
      return mine;
    }
    text = edited;
    commit(before);
    return List.of();
  }

  /**
   * Connects {@code from} to {@code to}: {@code to} comes right after {@code from} in the flow
   * (added if it was not in it, moved if it was). Steps that branch (fan-out, split, ...) stay as
   * they are; the two components must be plain steps of the flow's top level, or not in it yet.
   *
   * @throws IllegalArgumentException when one of them sits inside a branching step (edit that in
   *     the YAML) or the two are the same
   */
  public void connect(String from, String to) {
    if (from.equals(to)) {
      throw new IllegalArgumentException("a component cannot follow itself");
    }
    requireTopLevel(List.of(from, to));
    List<String> steps = new ArrayList<>(steps());
    int i = steps.indexOf(from);
    int j = steps.indexOf(to);
    if (i >= 0 && j == i + 1) {
      return;
    }
    if (i < 0 && j < 0) {
      steps.add(from);
      steps.add(to);
    } else if (i < 0) {
      steps.add(j, from);
    } else {
      steps.remove(to);
      steps.add(steps.indexOf(from) + 1, to);
    }
    String before = text;
    text = writeSteps(text, steps);
    commit(before);
  }

  /**
   * Takes {@code to} out of the flow when it directly follows {@code from} at the flow's top level.
   */
  public void disconnect(String from, String to) {
    List<String> steps = new ArrayList<>(steps());
    int i = steps.indexOf(from);
    if (i < 0 || i + 1 >= steps.size() || !steps.get(i + 1).equals(to)) {
      if (edges().contains(new Edge(from, to))) {
        throw new IllegalArgumentException(
            from + " → " + to + " is inside a branching step: edit it in the YAML");
      }
      return;
    }
    steps.remove(i + 1);
    String before = text;
    text = writeSteps(text, steps);
    commit(before);
  }

  /**
   * Sends what leaves {@code from} to all of {@code targets} at once (a fan-out whose branches each
   * hold one of them, joined when all answer), in place of whatever followed it directly.
   *
   * @throws IllegalArgumentException when {@code from} or a target sits inside a branching step, or
   *     fewer than two targets are given
   */
  public void fanOut(String from, List<String> targets) {
    if (targets.size() < 2) {
      throw new IllegalArgumentException("a fan-out needs at least two branches");
    }
    if (targets.contains(from)) {
      throw new IllegalArgumentException("a component cannot fan out to itself");
    }
    List<String> all = new ArrayList<>(targets);
    all.add(from);
    requireTopLevel(all);
    List<String> steps = new ArrayList<>(steps());
    steps.removeAll(targets);
    int i = steps.indexOf(from);
    if (i < 0) {
      steps.add(from);
      i = steps.size() - 1;
    }
    StringBuilder construct = new StringBuilder("{fan-out: {branches: [");
    for (int k = 0; k < targets.size(); k++) {
      construct.append(k == 0 ? "" : ", ").append('[').append(targets.get(k)).append(']');
    }
    construct.append("]}}");
    steps.add(i + 1, construct.toString());
    String before = text;
    text = writeSteps(text, steps);
    commit(before);
  }

  /**
   * The flow's top-level steps as YAML: a plain step is its name, a branching step its YAML written
   * inline.
   */
  List<String> steps() {
    List<String> out = new ArrayList<>();
    // A tree of its own: writing steps inline restyles the nodes, which the shared tree must not
    // see.
    Node fresh;
    try {
      fresh = new Compose(LoadSettings.builder().build()).composeString(text).orElse(null);
    } catch (YamlEngineException e) {
      fresh = null;
    }
    sequence(fresh, "flow")
        .ifPresent(
            f ->
                f.getValue()
                    .forEach(n -> out.add(n instanceof ScalarNode sc ? sc.getValue() : inline(n))));
    value(fresh, "flow")
        .filter(ScalarNode.class::isInstance)
        .ifPresent(n -> out.add(((ScalarNode) n).getValue())); // "flow: server", a one-step flow
    return out;
  }

  private static String inline(Node node) {
    flowStyle(node);
    StringBuilder out = new StringBuilder();
    new Dump(DumpSettings.builder().setWidth(100_000).setSplitLines(false).build())
        .dumpNode(
            node,
            new StreamDataWriter() {
              @Override
              public void write(String str) {
                out.append(str);
              }

              @Override
              public void write(String str, int off, int len) {
                out.append(str, off, off + len);
              }
            });
    return out.toString().strip();
  }

  private static void flowStyle(Node node) {
    if (node instanceof CollectionNode<?> c) {
      c.setFlowStyle(FlowStyle.FLOW);
      if (node instanceof MappingNode m) {
        m.getValue().forEach(t -> flowStyle(t.getValueNode()));
      } else if (node instanceof SequenceNode q) {
        q.getValue().forEach(DesignDocument::flowStyle);
      }
    }
  }

  /** Components inside branching steps cannot be moved by the canvas; say so rather than guess. */
  private void requireTopLevel(List<String> names) {
    List<String> top = steps();
    for (String name : names) {
      if (!top.contains(name) && inFlow(name)) {
        throw new IllegalArgumentException(
            name
                + " sits inside a branching step (fan-out, split, cache with "
                + "on_miss, ...): edit that step in the YAML");
      }
    }
  }

  private String writeSteps(String current, List<String> steps) {
    return DesignEdit.replaceValue(
        current, origin(), ParameterPath.parse("flow"), "[" + String.join(", ", steps) + "]");
  }

  /** Moves components (one undo step for all of them). */
  public void move(Map<String, double[]> positions) {
    String before = text;
    for (Map.Entry<String, double[]> e : positions.entrySet()) {
      text = setPosition(text, e.getKey(), e.getValue()[0], e.getValue()[1]);
    }
    commit(before);
  }

  /** Replaces the whole text (the YAML tab), one undo step. */
  public void replaceText(String newText) {
    String before = text;
    text = newText;
    commit(before);
  }

  private String setPosition(String current, String name, double x, double y) {
    Map<String, double[]> layout = layoutOf(current);
    if (layout.isEmpty()) {
      // The first position written: write where every box is drawn now, so nothing else moves.
      layout.putAll(Layouts.autoLayout(this));
    }
    layout.put(name, new double[] {x, y});
    return writeLayout(current, layout);
  }

  /** The whole layout section, rewritten in block form: it is the workbench's own to write. */
  private String writeLayout(String current, Map<String, double[]> layout) {
    if (layout.isEmpty()) {
      return mapping(root(current), "layout").isPresent()
          ? DesignEdit.removeEntry(current, origin(), ParameterPath.parse("layout"))
          : current;
    }
    StringBuilder block = new StringBuilder();
    layout.forEach(
        (n, xy) ->
            block.append(
                String.format(
                    Locale.ROOT, "\n  %s: [%d, %d]", n, Math.round(xy[0]), Math.round(xy[1]))));
    return DesignEdit.replaceValue(
        current, origin(), ParameterPath.parse("layout"), block.toString());
  }

  private void commit(String before) {
    if (before.equals(text)) {
      return;
    }
    undo.push(before);
    redo.clear();
    reparse();
  }

  private void reparse() {
    DesignParser.Draft draft = new DesignParser(context).draft(text, origin());
    design = draft.design().orElse(null);
    problems = draft.problems();
    graph = draft.graph();
  }

  private List<Problem> problemsOf(String candidate) {
    try {
      new DesignParser(context).parse(candidate, origin());
      return List.of();
    } catch (InvalidInputException e) {
      return e.problems();
    }
  }

  private Node root() {
    return root(text);
  }

  /** The last text read and its tree: every view of one version of the document reads it once. */
  private static final ThreadLocal<Object[]> LAST_READ =
      ThreadLocal.withInitial(() -> new Object[2]);

  private static Node root(String yaml) {
    Object[] last = LAST_READ.get();
    if (last[0] == yaml) {
      return (Node) last[1];
    }
    Node node;
    try {
      node = new Compose(LoadSettings.builder().build()).composeString(yaml).orElse(null);
    } catch (YamlEngineException e) {
      node = null;
    }
    last[0] = yaml;
    last[1] = node;
    return node;
  }

  private static Optional<MappingNode> mapping(Node root, String key) {
    return value(root, key).filter(MappingNode.class::isInstance).map(MappingNode.class::cast);
  }

  private static Optional<SequenceNode> sequence(Node root, String key) {
    return value(root, key).filter(SequenceNode.class::isInstance).map(SequenceNode.class::cast);
  }

  private static Optional<Node> value(Node root, String key) {
    if (!(root instanceof MappingNode top)) {
      return Optional.empty();
    }
    return top.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
        .map(NodeTuple::getValueNode)
        .findFirst();
  }
}
