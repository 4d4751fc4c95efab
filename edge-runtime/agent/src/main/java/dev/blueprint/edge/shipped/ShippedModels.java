package dev.blueprint.edge.shipped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Finds the shipped models: each {@code models/edge/NAME/model.yaml} in a folder (a source
 * checkout, or {@code --models-dir}) or on the class path (the models jar inside the device jar). A
 * folder wins over the class path for the same name.
 */
public final class ShippedModels {
  private static final String PREFIX = "models/edge/";

  private ShippedModels() {}

  /** The models in {@code dir} (if it exists) and on the class path, by name. */
  public static List<ShippedModel> find(Optional<Path> dir) {
    Map<String, ShippedModel> found = new TreeMap<>();
    for (String name : classpathNames()) {
      found.put(name, parse(ShippedModel.classpath(PREFIX + name + "/")));
    }
    if (dir.isPresent() && Files.isDirectory(dir.get())) {
      try (var children = Files.list(dir.get())) {
        for (Path child : (Iterable<Path>) children.sorted()::iterator) {
          if (Files.isRegularFile(child.resolve("model.yaml"))) {
            ShippedModel m = parse(ShippedModel.folder(child));
            found.put(m.name(), m);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(dir.get() + ": " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(found.values());
  }

  /**
   * The default folder: {@code $BLUEPRINT_EDGE_MODELS}, else {@code models/edge} under the working
   * directory.
   */
  public static Optional<Path> defaultFolder() {
    String env = System.getenv("BLUEPRINT_EDGE_MODELS");
    Path dir = env != null && !env.isBlank() ? Path.of(env) : Path.of("models", "edge");
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  public static ShippedModel named(String name, Optional<Path> dir) {
    List<ShippedModel> all = find(dir);
    return all.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no shipped model '"
                        + name
                        + "'; known: "
                        + String.join(", ", all.stream().map(ShippedModel::name).toList())));
  }

  @SuppressWarnings("unchecked")
  static ShippedModel parse(ShippedModel.Location location) {
    String where = location.describe("model.yaml");
    Object doc;
    try (InputStream in = location.open("model.yaml")) {
      doc =
          new Load(LoadSettings.builder().setLabel(where).build())
              .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": " + e.getMessage(), e);
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + ": expected a mapping");
    }
    Map<String, Object> m = (Map<String, Object>) map;
    return new ShippedModel(
        text(m, "name", where),
        String.valueOf(m.getOrDefault("task", "")),
        String.valueOf(m.getOrDefault("dataset", "")),
        strings(m.get("labels")),
        text(m, "float", where),
        text(m, "int8", where),
        Optional.ofNullable(m.get("saved_model")).map(String::valueOf),
        strings(m.get("heldout")),
        String.valueOf(m.getOrDefault("heldout_format", "")),
        m,
        location);
  }

  private static String text(Map<String, Object> m, String key, String where) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException(where + ": missing field '" + key + "'");
    }
    return String.valueOf(v);
  }

  private static List<String> strings(Object v) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(v));
  }

  private static List<String> classpathNames() {
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> roots = ShippedModels.class.getClassLoader().getResources(PREFIX);
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if (url.getProtocol().equals("file")) {
          try (var children = Files.list(Path.of(url.toURI()))) {
            children
                .filter(c -> Files.isRegularFile(c.resolve("model.yaml")))
                .forEach(c -> names.add(c.getFileName().toString()));
          }
        } else if (url.getProtocol().equals("jar")) {
          JarURLConnection conn = (JarURLConnection) url.openConnection();
          conn.setUseCaches(false);
          try (JarFile jar = conn.getJarFile()) {
            for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
              String n = e.getName();
              if (n.startsWith(PREFIX) && n.endsWith("/model.yaml")) {
                String rest = n.substring(PREFIX.length(), n.length() - "/model.yaml".length());
                if (!rest.contains("/")) {
                  names.add(rest);
                }
              }
            }
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(
          "cannot list the shipped models on the class path: " + e.getMessage(), e);
    }
    return names;
  }
}
