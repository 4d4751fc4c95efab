package dev.blueprint.edge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.TensorSpec;
import dev.blueprint.edge.runtime.InvalidModelInputException;
import dev.blueprint.edge.runtime.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into model inputs: numbers separated by commas, spaces or brackets (a CSV row, a JSON
 * array) for a one-input model — several samples' worth make a batch — or a JSON object of input
 * name to numbers. Errors give the source, line and column.
 */
final class InputReader {
  private InputReader() {}

  static List<Tensor> read(String text, String source, Graph graph) {
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      return readObject(trimmed, source, graph);
    }
    if (graph.inputs().length != 1) {
      throw new InvalidModelInputException(
          source
              + ": the model takes "
              + graph.inputs().length
              + " inputs; give a JSON object with "
              + names(graph));
    }
    return List.of(toTensor(numbers(text, source), graph.input(0), source));
  }

  private static List<Tensor> readObject(String text, String source, Graph graph) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new InvalidModelInputException(
          source
              + ":"
              + (loc == null ? "?" : loc.getLineNr() + ":" + loc.getColumnNr())
              + ": not valid JSON: "
              + e.getOriginalMessage());
    }
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < graph.inputs().length; i++) {
      TensorSpec spec = graph.input(i);
      JsonNode v = root.get(spec.name());
      if (v == null) {
        throw new InvalidModelInputException(
            source
                + ": missing input '"
                + spec.name()
                + "' (the model takes "
                + names(graph)
                + ")");
      }
      List<Double> values = new ArrayList<>();
      flatten(v, values, source + ": input '" + spec.name() + "'");
      out.add(toTensor(values, spec, source + ": input '" + spec.name() + "'"));
    }
    root.fieldNames()
        .forEachRemaining(
            name -> {
              boolean known = false;
              for (int i = 0; i < graph.inputs().length; i++) {
                known |= graph.input(i).name().equals(name);
              }
              if (!known) {
                throw new InvalidModelInputException(
                    source
                        + ": unknown input '"
                        + name
                        + "' (the model takes "
                        + names(graph)
                        + ")");
              }
            });
    return out;
  }

  private static void flatten(JsonNode v, List<Double> out, String where) {
    if (v.isArray()) {
      v.forEach(e -> flatten(e, out, where));
    } else if (v.isNumber()) {
      out.add(v.asDouble());
    } else if (v.isTextual() && v.asText().equalsIgnoreCase("nan")) {
      out.add(Double.NaN);
    } else {
      throw new InvalidModelInputException(where + ": '" + v + "' is not a number");
    }
  }

  private static List<Double> numbers(String text, String source) {
    List<Double> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      String line = lines[l];
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c) || c == ',' || c == '[' || c == ']' || c == ';') {
          i++;
          continue;
        }
        int start = i;
        while (i < line.length()
            && !Character.isWhitespace(line.charAt(i))
            && ",[];".indexOf(line.charAt(i)) < 0) {
          i++;
        }
        String token = line.substring(start, i);
        try {
          out.add(Double.parseDouble(token));
        } catch (NumberFormatException e) {
          throw new InvalidModelInputException(
              source + ":" + (l + 1) + ":" + (start + 1) + ": '" + token + "' is not a number");
        }
      }
    }
    return out;
  }

  private static Tensor toTensor(List<Double> values, TensorSpec spec, String where) {
    int per = spec.shape().size();
    if (values.isEmpty() || values.size() % per != 0) {
      throw new InvalidModelInputException(
          where
              + " has "
              + values.size()
              + " numbers; the model takes "
              + per
              + " per sample (shape "
              + spec.shape()
              + ")");
    }
    int batch = values.size() / per;
    if (spec.type() == DataType.INT32) {
      int[] v = new int[values.size()];
      for (int i = 0; i < v.length; i++) {
        double d = values.get(i);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
          throw new InvalidModelInputException(
              where + ": value " + d + " at index " + i + " is not an integer id");
        }
        v[i] = (int) d;
      }
      return Tensor.of(spec.shape().withBatch(batch), v);
    }
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i).floatValue();
    }
    return Tensor.of(spec.shape().withBatch(batch), v);
  }

  private static String names(Graph graph) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < graph.inputs().length; i++) {
      names.add("'" + graph.input(i).name() + "' " + graph.input(i).shape());
    }
    return String.join(", ", names);
  }
}
