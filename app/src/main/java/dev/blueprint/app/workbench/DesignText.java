package dev.blueprint.app.workbench;

import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads single values of a design's text by dotted path, for showing them. */
final class DesignText {
  private DesignText() {}

  /** The keys of the mapping at {@code path}, in file order (empty when there is none). */
  static List<String> keys(String text, String path) {
    Node node;
    try {
      node = new Compose(LoadSettings.builder().build()).composeString(text).orElse(null);
    } catch (YamlEngineException e) {
      return List.of();
    }
    for (String key : path.split("\\.")) {
      if (!(node instanceof MappingNode m)) {
        return List.of();
      }
      node =
          m.getValue().stream()
              .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
              .map(NodeTuple::getValueNode)
              .findFirst()
              .orElse(null);
    }
    if (!(node instanceof MappingNode m)) {
      return List.of();
    }
    return m.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode)
        .map(t -> ((ScalarNode) t.getKeyNode()).getValue())
        .toList();
  }

  /** The value at {@code path}, or empty when there is none (or it is not a single value). */
  static String value(String text, String path) {
    Node node;
    try {
      node = new Compose(LoadSettings.builder().build()).composeString(text).orElse(null);
    } catch (YamlEngineException e) {
      return "";
    }
    for (String key : path.split("\\.")) {
      if (!(node instanceof MappingNode m)) {
        return "";
      }
      node =
          m.getValue().stream()
              .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
              .map(NodeTuple::getValueNode)
              .findFirst()
              .orElse(null);
    }
    return node instanceof ScalarNode s ? s.getValue() : "";
  }
}
