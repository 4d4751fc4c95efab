package dev.blueprint.simulator.model;

import dev.blueprint.simulator.io.YamlMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the {@code recsys:} section of a profile into a {@link LayerStack}: embedding gathers, MLP
 * dense layers and the feature interaction, all per user-item pair, multiplied by {@code
 * items_per_sample}.
 */
final class RecsysParser {
  private RecsysParser() {}

  private record Tables(int pooledWidth, int count) {}

  static Optional<ModelStructure> read(YamlMap root) {
    Optional<YamlMap> section = root.requireMap("recsys");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    YamlMap r = section.get();
    r.requireSource();
    int problemsBefore = r.document().problems().size();
    double items = r.number("items_per_sample").orElse(1.0);
    if (!(items >= 1)) {
      r.problem("items_per_sample", "must be at least 1, got " + items);
      items = 1;
    }
    int denseFeatures = r.integer("dense_features").orElse(0);
    if (denseFeatures < 0) {
      r.problem("dense_features", "must not be negative, got " + denseFeatures);
    }
    List<Layer> layers = new ArrayList<>();
    Optional<YamlMap> towers = r.map("towers");
    if (towers.isPresent()) {
      readTowers(towers.get(), r, layers);
    } else {
      readDlrmStyle(r, denseFeatures, layers);
    }
    r.finish();
    if (layers.isEmpty() && r.document().problems().size() == problemsBefore) {
      r.problem(
          "embeddings", "a recommendation model needs at least one embedding table or MLP layer");
    }
    if (r.document().problems().size() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(new LayerStack("", layers, items));
  }

  private static void readDlrmStyle(YamlMap r, int denseFeatures, List<Layer> layers) {
    Tables tables = readTables(r, "embeddings", "emb", layers);
    List<Integer> bottom = r.valueList("bottom_mlp", LayerParser::positiveInt);
    List<Integer> top = r.valueList("top_mlp", LayerParser::positiveInt);
    if (!r.has("embeddings")) {
      r.missing("embeddings");
    }
    if (!r.has("top_mlp")) {
      r.missing("top_mlp");
    }
    if (!bottom.isEmpty() && denseFeatures < 1) {
      r.problem("dense_features", "a bottom MLP needs dense_features (its input width)");
    }
    int bottomOut = mlp(layers, "bottom", denseFeatures, bottom);
    int interactionOut = interaction(r, layers, tables, bottomOut);
    readWide(r, layers);
    mlp(layers, "top", interactionOut, top);
  }

  private static int interaction(YamlMap r, List<Layer> layers, Tables tables, int bottomOut) {
    Optional<YamlMap> section = r.map("interaction");
    if (section.isEmpty()) {
      r.missing("interaction");
      return tables.pooledWidth() + bottomOut;
    }
    YamlMap i = section.get();
    String kind = i.requireString("kind");
    int width = tables.pooledWidth() + bottomOut;
    int result;
    switch (kind) {
      case "concat" -> result = width;
      case "dot" -> {
        // DLRM: pairwise dot products between the pooled vectors and the bottom-MLP output,
        // concatenated with that output.
        int vectors = tables.count() + 1;
        int pairs = vectors * (vectors - 1) / 2;
        double dim = tables.count() == 0 ? 0 : (double) tables.pooledWidth() / tables.count();
        layers.add(
            new Layer(
                "interaction",
                "dot",
                OpClass.MATRIX,
                0,
                pairs * dim,
                0,
                width + pairs,
                0,
                vectors + " vectors -> " + pairs + " dots"));
        result = pairs + bottomOut;
      }
      case "dcn-v2" -> {
        int count = i.value("layers", LayerParser::positiveInt).orElse(0);
        int rank = i.value("low_rank", LayerParser::positiveInt).orElse(0);
        if (count == 0) {
          i.missing("layers");
        }
        if (rank == 0) {
          i.missing("low_rank");
        }
        // x_{l+1} = x0 * (U_l (V_l x_l) + b_l) + x_l with U: width x rank, V: rank x width.
        for (int l = 0; l < count; l++) {
          layers.add(
              new Layer(
                  "cross." + l,
                  "dcn-v2",
                  OpClass.MATRIX,
                  2.0 * width * rank + width,
                  2.0 * width * rank,
                  3.0 * width,
                  4.0 * width,
                  0,
                  width + " x rank " + rank));
        }
        result = width;
      }
      default -> {
        i.problem("kind", "expected dot, concat or dcn-v2, got '" + kind + "'");
        result = width;
      }
    }
    i.finish();
    return result;
  }

  private static void readWide(YamlMap r, List<Layer> layers) {
    Optional<YamlMap> section = r.map("wide");
    if (section.isEmpty()) {
      return;
    }
    YamlMap wide = section.get();
    // The wide part is a linear model over sparse features: one weight per category, i.e. a
    // dimension-1 table per feature with the rows of the matching deep table.
    int features = wide.integer("features").orElse(0);
    int crosses = wide.integer("crosses").orElse(0);
    Optional<Long> crossBuckets = wide.value("cross_buckets", LayerParser::positiveLong);
    wide.finish();
    List<Layer> tables = layers.stream().filter(l -> l.op().equals("embedding")).toList();
    if (features > tables.size()) {
      wide.problem(
          "features", "there are only " + tables.size() + " embedding tables, got " + features);
      return;
    }
    for (int f = 0; f < features; f++) {
      Layer deep = tables.get(f);
      // A pooled table writes one vector of its dimension per lookup group.
      long rows = Math.round(deep.params() / deep.activationElementsPerSample());
      layers.add(Layers.embedding("wide." + f, rows, 1, 1, true));
    }
    if (crosses > 0) {
      if (crossBuckets.isEmpty()) {
        wide.problem("crosses", "crossed features need cross_buckets (hash buckets per cross)");
        return;
      }
      for (int c = 0; c < crosses; c++) {
        layers.add(Layers.embedding("wide.cross." + c, crossBuckets.get(), 1, 1, true));
      }
    }
  }

  private static void readTowers(YamlMap towers, YamlMap r, List<Layer> layers) {
    List<Integer> outputs = new ArrayList<>();
    for (String name : towers.keys()) {
      Optional<YamlMap> tower = towers.map(name);
      if (tower.isEmpty()) {
        continue;
      }
      YamlMap t = tower.get();
      Tables tables = readTables(t, "embeddings", name + ".emb", layers);
      int dense = t.integer("dense_features").orElse(0);
      List<Integer> widths = t.valueList("mlp", LayerParser::positiveInt);
      outputs.add(mlp(layers, name, tables.pooledWidth() + dense, widths));
      t.finish();
    }
    Optional<YamlMap> interaction = r.map("interaction");
    if (interaction.isPresent()) {
      String kind = interaction.get().requireString("kind");
      if (!kind.equals("dot")) {
        interaction
            .get()
            .problem("kind", "two towers meet in a dot product (kind: dot), got '" + kind + "'");
      }
      interaction.get().finish();
    }
    if (outputs.size() != 2 || !outputs.get(0).equals(outputs.get(1))) {
      towers.problem("", "expected two towers whose outputs have the same width, got " + outputs);
      return;
    }
    layers.add(
        new Layer(
            "score",
            "dot",
            OpClass.VECTOR,
            0,
            0,
            2.0 * outputs.get(0),
            2.0 * outputs.get(0) + 1,
            0,
            "dot of " + outputs.get(0)));
  }

  private static Tables readTables(YamlMap owner, String key, String prefix, List<Layer> layers) {
    int width = 0;
    int count = 0;
    for (YamlMap entry : owner.mapList(key)) {
      Optional<Long> rows = entry.requireValue("rows", LayerParser::positiveLong);
      Optional<Integer> dim = entry.requireValue("dim", LayerParser::positiveInt);
      Optional<Double> lookups =
          entry.has("lookups")
              ? entry.value("lookups", LayerParser::positiveNumber)
              : Optional.of(1.0);
      int repeat = entry.value("count", LayerParser::positiveInt).orElse(1);
      Optional<String> pooling =
          entry.has("pooling") ? entry.value("pooling", LayerParser::pooling) : Optional.of("sum");
      entry.finish();
      if (rows.isEmpty() || dim.isEmpty() || lookups.isEmpty() || pooling.isEmpty()) {
        continue;
      }
      for (int i = 0; i < repeat; i++) {
        boolean pooled = !pooling.get().equals("none");
        layers.add(
            Layers.embedding(prefix + "." + count, rows.get(), dim.get(), lookups.get(), pooled));
        width += pooled ? dim.get() : (int) Math.round(lookups.get() * dim.get());
        count++;
      }
    }
    return new Tables(width, count);
  }

  /** Adds dense layers from {@code in} through {@code widths}; returns the output width. */
  private static int mlp(List<Layer> layers, String name, int in, List<Integer> widths) {
    int current = in;
    for (int i = 0; i < widths.size(); i++) {
      int out = widths.get(i);
      if (current > 0) {
        layers.add(
            new Layer(
                name + ".mlp." + i,
                "dense",
                OpClass.MATRIX,
                (double) current * out + out,
                (double) current * out,
                out,
                current + out,
                0,
                current + " -> " + out));
      }
      current = out;
    }
    return current;
  }
}
