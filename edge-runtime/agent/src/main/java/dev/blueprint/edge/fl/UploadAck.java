package dev.blueprint.edge.fl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The coordinator's answer to upload chunks ({@code fl/ack}): which chunks of a device's update for
 * a round it still lacks, or that it has all of it. A device sends what is missing until the answer
 * says complete; after a crash on either side it sends again and the answer says what is left.
 *
 * @param sha256 the update this answers for (a device with a different update for the same round
 *     starts over)
 * @param missing chunk indexes not yet received, ascending (empty when complete)
 */
public record UploadAck(String taskId, long round, String sha256, List<Integer> missing) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public UploadAck {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sha256, "sha256");
    missing = List.copyOf(missing);
  }

  public boolean complete() {
    return missing.isEmpty();
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("contract", 1);
    root.put("task", taskId);
    root.put("round", round);
    root.put("sha256", sha256);
    missing.forEach(root.putArray("missing")::add);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws IllegalArgumentException when the message is not an acknowledgement
   */
  public static UploadAck parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("upload acknowledgement is not JSON", e);
    }
    if (root == null
        || !root.path("task").isTextual()
        || !root.path("sha256").isTextual()
        || !root.path("round").canConvertToLong()
        || !root.path("missing").isArray()
        || root.path("missing").size() > UploadChunk.MAX_UPDATE_BYTES / UploadChunk.CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "upload acknowledgement lacks task, round, sha256 or missing");
    }
    List<Integer> missing = new ArrayList<>();
    for (JsonNode n : root.get("missing")) {
      if (!n.canConvertToInt()) {
        throw new IllegalArgumentException("upload acknowledgement: missing holds chunk indexes");
      }
      missing.add(n.asInt());
    }
    return new UploadAck(
        root.get("task").asText(),
        root.get("round").asLong(),
        root.get("sha256").asText(),
        missing);
  }
}
