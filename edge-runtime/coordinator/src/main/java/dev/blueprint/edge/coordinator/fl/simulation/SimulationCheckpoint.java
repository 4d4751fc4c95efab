package dev.blueprint.edge.coordinator.fl.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.ota.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated run after its last finished round: enough to continue it bit for bit in another
 * process (long benchmarks run across sessions). Written atomically after every round; a file is
 * only ever resumed by a run with the same settings, which {@link #settings} records.
 *
 * @param settings what the run was started with, as text (compared on resume)
 * @param rounds the rounds done
 * @param sampleGradients sample gradients the clients took so far
 * @param global the global model after the last round
 * @param optimizerState the server optimizer's state
 * @param feedback each client's error-feedback residual (top-k encodings), by client index
 */
public record SimulationCheckpoint(
    String settings,
    List<RoundMetrics> rounds,
    long sampleGradients,
    Weights global,
    List<Weights> optimizerState,
    Map<Integer, Weights> feedback) {

  private static final String FORMAT = "blueprint-fl-simulation-checkpoint/1";

  public SimulationCheckpoint {
    rounds = List.copyOf(rounds);
    optimizerState = List.copyOf(optimizerState);
    feedback = Map.copyOf(new TreeMap<>(feedback));
  }

  public void write(Path file) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("format", FORMAT);
    o.put("settings", settings);
    o.put("sample_gradients", sampleGradients);
    ArrayNode rs = o.putArray("rounds");
    for (RoundMetrics r : rounds) {
      rs.addObject()
          .put("round", r.round())
          .put("accuracy", r.accuracy())
          .put("loss", r.loss())
          .put("participants", r.participants())
          .put("bytes_up", r.bytesUp())
          .put("bytes_down", r.bytesDown())
          .put("seconds", r.seconds());
    }
    o.put("global", encode(global));
    ArrayNode state = o.putArray("optimizer_state");
    optimizerState.forEach(w -> state.add(encode(w)));
    ObjectNode fb = o.putObject("feedback");
    new TreeMap<>(feedback).forEach((client, w) -> fb.put(Integer.toString(client), encode(w)));
    try {
      AtomicFiles.write(file, mapper.writeValueAsBytes(o));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint for a run with {@code settings} over {@code layout}; refuses a file that is
   * not one, or is one of another run.
   */
  public static SimulationCheckpoint read(Path file, String settings, ParameterLayout layout) {
    JsonNode o;
    try {
      o = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": not a readable checkpoint: " + e.getMessage(), e);
    }
    if (o == null || !FORMAT.equals(o.path("format").asText())) {
      throw new IllegalArgumentException(
          file
              + ": not a simulation checkpoint (format is not "
              + FORMAT
              + "); refusing to replace it");
    }
    if (!settings.equals(o.path("settings").asText())) {
      throw new IllegalArgumentException(
          file
              + ": a checkpoint of another run ("
              + o.path("settings").asText()
              + "); this run is "
              + settings);
    }
    List<RoundMetrics> rounds = new ArrayList<>();
    for (JsonNode r : o.path("rounds")) {
      rounds.add(
          new RoundMetrics(
              r.path("round").asInt(),
              r.path("accuracy").asDouble(),
              r.path("loss").asDouble(),
              r.path("participants").asInt(),
              r.path("bytes_up").asLong(),
              r.path("bytes_down").asLong(),
              r.path("seconds").asDouble()));
    }
    List<Weights> state = new ArrayList<>();
    for (JsonNode w : o.path("optimizer_state")) {
      state.add(decode(w.asText(), layout, file));
    }
    Map<Integer, Weights> feedback = new TreeMap<>();
    o.path("feedback")
        .fields()
        .forEachRemaining(
            e ->
                feedback.put(
                    Integer.parseInt(e.getKey()), decode(e.getValue().asText(), layout, file)));
    return new SimulationCheckpoint(
        settings,
        rounds,
        o.path("sample_gradients").asLong(),
        decode(o.path("global").asText(), layout, file),
        state,
        feedback);
  }

  private static String encode(Weights w) {
    ByteBuffer b = ByteBuffer.allocate(4 * w.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < w.size(); i++) {
      b.putFloat(w.get(i));
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  private static Weights decode(String text, ParameterLayout layout, Path file) {
    byte[] bytes = Base64.getDecoder().decode(text);
    if (bytes.length != 4 * layout.size()) {
      throw new IllegalArgumentException(
          file + ": a vector of " + bytes.length / 4 + " values for a model of " + layout.size());
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[layout.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return Weights.adopt(layout, v);
  }
}
