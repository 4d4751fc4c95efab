package dev.blueprint.app.workbench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the canvas draws components, worked out without JavaFX (the document model uses it too,
 * headless): the file's layout, else an automatic one by depth in the flow.
 */
final class Layouts {
  static final double BOX_WIDTH = CanvasGeometry.BOX_WIDTH;
  static final double BOX_HEIGHT = CanvasGeometry.BOX_HEIGHT;

  private Layouts() {}

  /** Positions for every component: the layout's, else in flow order left to right. */
  static Map<String, double[]> positions(DesignDocument document) {
    Map<String, double[]> layout = document.layout();
    if (layout.isEmpty()) {
      return autoLayout(document);
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(document.chain());
    for (DesignDocument.Edge e : document.edges()) {
      if (!order.contains(e.from())) {
        order.add(e.from());
      }
      if (!order.contains(e.to())) {
        order.add(e.to());
      }
    }
    for (DesignDocument.Component c : document.components()) {
      if (!order.contains(c.name())) {
        order.add(c.name());
      }
    }
    int column = 0;
    for (String name : order) {
      if (document.component(name).isEmpty()) {
        continue;
      }
      out.put(name, layout.getOrDefault(name, new double[] {40 + column * (BOX_WIDTH + 60), 60}));
      column++;
    }
    return out;
  }

  /** Automatic layout: the flow's order left to right, the rest on a second row. */
  static Map<String, double[]> autoLayout(DesignDocument document) {
    Map<String, double[]> out = new LinkedHashMap<>();
    List<String> chain = document.chain();
    List<String> rest = new ArrayList<>();
    // Each component one column right of the furthest component that feeds it (a longest path,
    // settled by repeated passes; a cycle stops at the component count).
    Map<String, Integer> depth = new HashMap<>();
    List<DesignDocument.Edge> edges = document.edges();
    int components = document.components().size();
    boolean changed = true;
    for (int pass = 0; changed && pass < components; pass++) {
      changed = false;
      for (DesignDocument.Edge e : edges) {
        depth.putIfAbsent(e.from(), 0);
        int want = depth.get(e.from()) + 1;
        if (depth.getOrDefault(e.to(), -1) < want) {
          depth.put(e.to(), want);
          changed = true;
        }
      }
    }
    // Column by depth; row: the row of the first component feeding it, else the next free one, so
    // a branch keeps to its own row and long arrows do not run through boxes.
    Map<String, Integer> columnOf = new LinkedHashMap<>();
    for (DesignDocument.Component c : document.components()) {
      Integer d =
          document.flowIsChain() && chain.contains(c.name())
              ? Integer.valueOf(chain.indexOf(c.name()))
              : depth.get(c.name());
      if (d == null) {
        rest.add(c.name());
      } else {
        columnOf.put(c.name(), d);
      }
    }
    List<String> byColumn = new ArrayList<>(columnOf.keySet());
    byColumn.sort(Comparator.comparingInt(columnOf::get));
    Map<String, Integer> rowOf = new HashMap<>();
    Map<Integer, Set<Integer>> taken = new HashMap<>();
    for (String name : byColumn) {
      int column = columnOf.get(name);
      int preferred =
          edges.stream()
              .filter(e -> e.to().equals(name) && rowOf.containsKey(e.from()))
              .map(e -> rowOf.get(e.from()))
              .findFirst()
              .orElse(0);
      Set<Integer> used = taken.computeIfAbsent(column, k -> new HashSet<>());
      int row = preferred;
      while (used.contains(row)) {
        row++;
      }
      used.add(row);
      rowOf.put(name, row);
      out.put(name, new double[] {40 + column * (BOX_WIDTH + 60), 60 + row * (BOX_HEIGHT + 40)});
    }
    Map<Integer, Integer> rows = new HashMap<>();
    rowOf.values().forEach(r -> rows.put(r, r + 1));
    int maxRow = rows.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    for (int i = 0; i < rest.size(); i++) {
      out.put(
          rest.get(i), new double[] {40 + i * (BOX_WIDTH + 60), 60 + maxRow * (BOX_HEIGHT + 40)});
    }
    return out;
  }
}
