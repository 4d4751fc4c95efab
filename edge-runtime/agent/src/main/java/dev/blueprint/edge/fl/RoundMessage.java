package dev.blueprint.edge.fl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a device is asked to do in one federated round, as the coordinator signs it and the device
 * reads it (docs/mqtt-contract.md, {@code fl/offer}): the task and round, the device's seed, the
 * deadline, how to train and encode, when it may train, the model's class names and the global
 * model itself as a float {@code .bpm} (graph and weights, so a device needs nothing installed in
 * advance to take part). The payload of an {@link dev.blueprint.edge.ota.Envelope} of type {@link
 * #TYPE}, signed by a key listed for {@code fl-model}.
 *
 * <p>Parsing is strict: every field present, of its type and in range; anything else is refused
 * with the field named, before any of it is used.
 *
 * @param model the global model's {@code .bpm} bytes
 */
public record RoundMessage(
    String taskId,
    long round,
    long seed,
    Instant deadline,
    TrainingSettings local,
    UpdateEncoding encoding,
    TrainingConditions conditions,
    List<String> classes,
    byte[] model) {
  public static final String TYPE = "application/vnd.blueprint.fl-round+json";

  /**
   * The largest model a round offer carries inline: with base64 and the envelope it stays inside
   * the brokers' message limit (the embedded broker's is 4 MiB; Mosquitto's default is larger).
   */
  public static final int MAX_MODEL_BYTES = 3 << 20;

  /** The most local epochs and the largest batch a device accepts in an offer. */
  public static final int MAX_EPOCHS = 1000;

  public static final int MAX_BATCH = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TASK_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

  public RoundMessage {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(conditions, "conditions");
    classes = List.copyOf(classes);
    model = model.clone();
    if (!TASK_ID.matcher(taskId).matches()) {
      throw new IllegalArgumentException("task id '" + taskId + "' is not a task id");
    }
    if (round < 1) {
      throw new IllegalArgumentException("round must be at least 1, got " + round);
    }
    if (model.length == 0 || model.length > MAX_MODEL_BYTES) {
      throw new IllegalArgumentException(
          "the model must be 1 to " + MAX_MODEL_BYTES + " bytes, got " + model.length);
    }
  }

  @Override
  public byte[] model() {
    return model.clone();
  }

  /** A round offer carrying {@code global} (a float graph with the round's weights). */
  public static RoundMessage of(
      String taskId,
      long round,
      long seed,
      Instant deadline,
      TrainingSettings local,
      UpdateEncoding encoding,
      TrainingConditions conditions,
      List<String> classes,
      Graph global) {
    return new RoundMessage(
        taskId,
        round,
        seed,
        deadline,
        local,
        encoding,
        conditions,
        classes,
        ModelFile.toBytes(global));
  }

  /** The global model, read from its bytes (a malformed one is refused by the model reader). */
  public Graph graph() {
    return ModelFile.fromBytes(model, "the model of " + taskId + " round " + round);
  }

  /** SHA-256 of the model bytes, hex: what a device records to recognise the same offer again. */
  public String modelSha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("contract", 1);
    root.put("task", taskId);
    root.put("round", round);
    root.put("seed", seed);
    root.put("deadline", deadline.toString());
    ObjectNode l = root.putObject("local");
    l.put("epochs", local.epochs());
    l.put("batch", local.batchSize());
    l.put("lr", local.learningRate());
    l.put("momentum", local.momentum());
    l.put("weight_decay", local.weightDecay());
    l.put("mu", local.proximalMu());
    root.put("encoding", encoding.word());
    ObjectNode c = root.putObject("conditions");
    c.put("power", conditions.requirePower());
    c.put("unmetered", conditions.requireUnmetered());
    c.put("idle", conditions.requireIdle());
    c.put("idle_load_per_core", conditions.idleLoadPerCore());
    c.put("check_every_ms", conditions.checkEvery().toMillis());
    classes.forEach(root.putArray("classes")::add);
    root.put("model", Base64.getEncoder().encodeToString(model));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /**
   * Reads a round offer's payload.
   *
   * @throws IllegalArgumentException naming {@code source} and the field that is wrong
   */
  public static RoundMessage parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": a round offer is a JSON object");
    }
    try {
      long contract = integer(root, "contract");
      if (contract != 1) {
        throw new IllegalArgumentException("field 'contract': version " + contract + " unknown");
      }
      JsonNode l = object(root, "local");
      JsonNode c = object(root, "conditions");
      JsonNode cl = root.get("classes");
      if (cl == null || !cl.isArray() || cl.size() > 100_000) {
        throw new IllegalArgumentException("field 'classes': a list of class names");
      }
      List<String> classes = new ArrayList<>();
      for (JsonNode n : cl) {
        if (!n.isTextual()) {
          throw new IllegalArgumentException("field 'classes': names are strings");
        }
        classes.add(n.asText());
      }
      byte[] model;
      try {
        model = Base64.getDecoder().decode(text(root, "model"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field 'model': not base64: " + e.getMessage(), e);
      }
      Instant deadline;
      try {
        deadline = Instant.parse(text(root, "deadline"));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("field 'deadline': not an instant", e);
      }
      long epochs = integer(l, "epochs");
      long batch = integer(l, "batch");
      // Bounds a device can live with: a signed offer is trusted, a typo in a task is not.
      if (epochs < 1 || epochs > MAX_EPOCHS) {
        throw new IllegalArgumentException("field 'local.epochs': 1 to " + MAX_EPOCHS);
      }
      if (batch < 1 || batch > MAX_BATCH) {
        throw new IllegalArgumentException("field 'local.batch': 1 to " + MAX_BATCH);
      }
      long checkEvery = integer(c, "check_every_ms");
      if (checkEvery < 0 || checkEvery > 500) {
        throw new IllegalArgumentException("field 'conditions.check_every_ms': 0 to 500");
      }
      return new RoundMessage(
          text(root, "task"),
          integer(root, "round"),
          integer(root, "seed"),
          deadline,
          new TrainingSettings(
              (int) epochs,
              (int) batch,
              number(l, "lr"),
              number(l, "momentum"),
              number(l, "weight_decay"),
              number(l, "mu")),
          UpdateEncoding.parse(text(root, "encoding")),
          new TrainingConditions(
              bool(c, "power"),
              bool(c, "unmetered"),
              bool(c, "idle"),
              number(c, "idle_load_per_core"),
              Duration.ofMillis(checkEvery)),
          classes,
          model);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode object(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("field '" + field + "': an object is required");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "': a string is required");
    }
    return v.asText();
  }

  private static long integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "': an integer is required");
    }
    return v.asLong();
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "': a number is required");
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isBoolean()) {
      throw new IllegalArgumentException("field '" + field + "': true or false is required");
    }
    return v.asBoolean();
  }

  @Override
  public String toString() {
    return "RoundMessage[" + taskId + " round " + round + ", " + model.length + " model bytes]";
  }
}
