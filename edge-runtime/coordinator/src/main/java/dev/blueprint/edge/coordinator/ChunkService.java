package dev.blueprint.edge.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.agent.ChunkMessage;
import dev.blueprint.edge.agent.Topics;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the chunks devices ask for (docs/mqtt-contract.md, {@code fetch}): a request is claimed on
 * the link's thread and sent on the servers' threads; a chunk already queued for a device is not
 * queued twice however often it is asked for. A drill can make it drop, corrupt or duplicate chunks
 * ({@link Coordinator.ChunkFaults}), reproducibly from a seed.
 */
final class ChunkService {
  private static final System.Logger LOG = System.getLogger(ChunkService.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Publishes one message once; false when it could not be sent. */
  @FunctionalInterface
  interface Sender {
    boolean sendOnce(String topic, byte[] payload);
  }

  private final Executor servers;
  private final Sender sender;
  private final Map<String, PublishedBundle> bundles = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> pending = new ConcurrentHashMap<>();
  private final AtomicLong chunkBytesSent = new AtomicLong();
  private final Random random = new Random(1);
  private volatile Coordinator.ChunkFaults faults = Coordinator.ChunkFaults.NONE;

  ChunkService(Executor servers, Sender sender) {
    this.servers = servers;
    this.sender = sender;
  }

  /** Makes a bundle's chunks available. */
  void publish(PublishedBundle b) {
    bundles.put(key(b.name(), b.counter()), b);
  }

  void faults(Coordinator.ChunkFaults f) {
    synchronized (random) {
      random.setSeed(f.seed());
    }
    this.faults = f;
  }

  /** Payload bytes of chunks sent. */
  long chunkBytesSent() {
    return chunkBytesSent.get();
  }

  /**
   * Claims the requested chunks that are not already queued for this device, on the caller's
   * thread, and queues their sending: a device that timed out and asks again for chunks still
   * waiting here gets them once.
   */
  void request(String device, byte[] payload) {
    Set<String> queued = pending.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet());
    try {
      JsonNode req = JSON.readTree(payload);
      PublishedBundle b =
          bundles.get(key(req.path("bundle").asText(), req.path("counter").asLong()));
      int file = req.path("file").asInt(-1);
      if (b == null || file < 0 || file >= b.manifest().files().size()) {
        return;
      }
      int chunks = b.manifest().files().get(file).chunks().size();
      List<Integer> wanted = new ArrayList<>();
      for (JsonNode c : req.path("chunks")) {
        int chunk = c.asInt(-1);
        if (chunk >= 0 && chunk < chunks && queued.add(chunkId(b, file, chunk))) {
          wanted.add(chunk);
        }
      }
      if (!wanted.isEmpty()) {
        servers.execute(() -> serve(device, b, file, wanted, queued));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "malformed chunk request from {0} ignored: {1}", device, e.toString());
    }
  }

  private static String key(String name, long counter) {
    return name + "@" + counter;
  }

  private static String chunkId(PublishedBundle b, int file, int chunk) {
    return b.name() + "@" + b.counter() + "/" + file + "/" + chunk;
  }

  private void serve(
      String device, PublishedBundle b, int file, List<Integer> chunks, Set<String> queued) {
    for (int chunk : chunks) {
      try {
        byte[] data = b.chunk(file, chunk);
        Coordinator.ChunkFaults f = faults;
        double roll;
        synchronized (random) {
          roll = random.nextDouble();
        }
        if (roll >= f.drop()) {
          byte[] wire = data;
          if (roll < f.drop() + f.corrupt() && data.length > 0) {
            wire = data.clone();
            wire[wire.length / 2] ^= 0x5A;
          }
          byte[] message = new ChunkMessage(b.name(), b.counter(), file, chunk, wire).encode();
          if (sender.sendOnce(Topics.chunk(device), message)) {
            chunkBytesSent.addAndGet(data.length);
          }
          if (roll < f.drop() + f.corrupt() + f.duplicate()) {
            sender.sendOnce(Topics.chunk(device), message);
          }
        }
      } catch (IOException | RuntimeException e) {
        // Not sent: the device asks again, but a chunk we cannot read is our problem.
        LOG.log(Level.WARNING, "chunk " + chunk + " of " + b.name() + " not served", e);
      } finally {
        queued.remove(chunkId(b, file, chunk));
      }
    }
  }
}
