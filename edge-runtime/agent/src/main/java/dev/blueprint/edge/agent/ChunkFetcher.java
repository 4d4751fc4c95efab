package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.mqtt.LinkException;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.PayloadWriter;
import dev.blueprint.edge.ota.Rejection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Pulls a bundle's files chunk by chunk (docs/ota.md): asks for a window of missing chunks, checks
 * each against the signed manifest on arrival, writes it in place and records it in the device
 * database before asking for more, so a transfer resumes where it stopped after a crash or a cut. A
 * window that brings nothing is asked for again; no progress for the deadline ends the attempt with
 * {@link Rejection.Reason#STALLED}, keeping what arrived.
 */
final class ChunkFetcher {
  private static final System.Logger LOG = System.getLogger(ChunkFetcher.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Empty windows in a row, while connected, after which the subscriptions are made again. */
  private static final int EMPTY_WINDOWS_BEFORE_RESUBSCRIBE = 3;

  private final AgentConfig config;
  private final DeviceStore store;
  private final BrokerSession session;
  private final Reports reports;
  private final Faults faults;
  private final BooleanSupplier dead;
  private final BlockingQueue<ChunkMessage> arrivals;
  private final AtomicLong bytesReceived = new AtomicLong();

  ChunkFetcher(
      AgentConfig config,
      DeviceStore store,
      BrokerSession session,
      Reports reports,
      Faults faults,
      BooleanSupplier dead) {
    this.config = config;
    this.store = store;
    this.session = session;
    this.reports = reports;
    this.faults = faults;
    this.dead = dead;
    this.arrivals = new ArrayBlockingQueue<>(Math.max(4, config.window() * 2));
  }

  /** Bytes of chunk payload received and kept. */
  long bytesReceived() {
    return bytesReceived.get();
  }

  /** A chunk message from the broker; called on the link's thread, never blocks. */
  void arrived(byte[] payload) {
    try {
      // A full queue drops the chunk: it is asked for again, and memory stays bounded.
      arrivals.offer(ChunkMessage.decode(payload));
    } catch (IllegalArgumentException e) {
      LOG.log(Level.DEBUG, () -> "malformed chunk ignored (asked for again): " + e.getMessage());
    }
  }

  /** Fetches every missing chunk of {@code m} into {@code transfer/<file index>.part}. */
  void fetchAll(String rollout, Manifest m, Path transfer) throws IOException {
    Files.createDirectories(transfer);
    store.fact("rollout", rollout);
    int totalChunks = m.files().stream().mapToInt(f -> f.chunks().size()).sum();
    BitSet[] done = new BitSet[m.files().size()];
    int have = 0;
    for (int i = 0; i < done.length; i++) {
      done[i] = store.chunksDone(m.name(), m.counter(), i);
      have += done[i].cardinality();
      Path part = transfer.resolve(i + ".part");
      if (!Files.exists(part)) {
        // A part file lost (or never made) means its chunks must come again.
        done[i].clear();
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
          f.setLength(m.files().get(i).size());
        }
      }
    }
    reports.status(
        "downloading",
        rollout,
        Reports.Subject.of(m),
        null,
        have + " of " + totalChunks + " chunks already here",
        have,
        totalChunks);
    // Monotonic time: a wall clock stepped by NTP must not end or stretch a transfer.
    long lastProgress = System.nanoTime();
    int emptyWindows = 0;
    arrivals.clear();
    for (int i = 0; i < done.length; i++) {
      Manifest.FileEntry f = m.files().get(i);
      int chunks = f.chunks().size();
      try (RandomAccessFile part =
          new RandomAccessFile(transfer.resolve(i + ".part").toFile(), "rw")) {
        while (done[i].cardinality() < chunks) {
          if (dead.getAsBoolean()) {
            throw new Killed("while stopping");
          }
          List<Integer> window = new ArrayList<>();
          for (int c = done[i].nextClearBit(0);
              c < chunks && window.size() < config.window();
              c = done[i].nextClearBit(c + 1)) {
            window.add(c);
          }
          request(m, i, window);
          int got = receiveWindow(m, f, i, done[i], part, window.size());
          if (got > 0) {
            lastProgress = System.nanoTime();
          }
          emptyWindows = got == 0 ? emptyWindows + 1 : 0;
          if (emptyWindows == EMPTY_WINDOWS_BEFORE_RESUBSCRIBE && session.isConnected()) {
            // Connected yet nothing arrives: the subscriptions may be gone (a broker that lost
            // its session state); making them again costs one round trip.
            LOG.log(
                Level.INFO,
                "no chunk in {0} windows while connected: subscribing again",
                EMPTY_WINDOWS_BEFORE_RESUBSCRIBE);
            session.resubscribe();
          }
          if (System.nanoTime() - lastProgress > config.deadline().toNanos()) {
            throw new Rejection(
                Rejection.Reason.STALLED,
                m.name()
                    + " "
                    + m.version()
                    + ": no chunk for "
                    + config.deadline().toSeconds()
                    + " s; the "
                    + totalDone(done)
                    + " chunks here are kept for a retry");
          }
        }
      }
    }
  }

  /** Waits up to the stall timeout for a window's chunks; returns how many were kept. */
  private int receiveWindow(
      Manifest m, Manifest.FileEntry f, int file, BitSet done, RandomAccessFile part, int wanted)
      throws IOException {
    long windowDeadline = System.nanoTime() + config.stallTimeout().toNanos();
    int got = 0;
    while (got < wanted && System.nanoTime() < windowDeadline) {
      ChunkMessage c;
      try {
        c =
            arrivals.poll(
                Math.max(1, (windowDeadline - System.nanoTime()) / 1_000_000),
                TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Killed("interrupted");
      }
      if (c == null
          || !c.bundle().equals(m.name())
          || c.counter() != m.counter()
          || c.file() != file
          || c.chunk() < 0
          || c.chunk() >= f.chunks().size()
          || done.get(c.chunk())) {
        continue; // stale, foreign or duplicated
      }
      try {
        PayloadWriter.checkChunk(m, f, c.chunk(), c.data(), c.data().length);
      } catch (Rejection bad) {
        LOG.log(Level.DEBUG, () -> "chunk " + c.chunk() + " corrupted in transit: asked again");
        continue;
      }
      faults.beforeChunkWrite(m.name(), file, c.chunk());
      part.seek((long) c.chunk() * m.chunkSize());
      part.write(c.data());
      part.getFD().sync();
      store.chunkDone(m.name(), m.counter(), file, c.chunk());
      done.set(c.chunk());
      if (faults.dropConnectionAfter(m.name(), file, c.chunk())) {
        session.drop();
      }
      bytesReceived.addAndGet(c.data().length);
      got++;
    }
    return got;
  }

  private static int totalDone(BitSet[] done) {
    int n = 0;
    for (BitSet b : done) {
      n += b.cardinality();
    }
    return n;
  }

  private void request(Manifest m, int file, List<Integer> chunks) {
    ObjectNode req =
        JSON.createObjectNode()
            .put("contract", Topics.CONTRACT)
            .put("bundle", m.name())
            .put("counter", m.counter())
            .put("file", file);
    ArrayNode list = req.putArray("chunks");
    chunks.forEach(list::add);
    try {
      session.publish(Topics.fetch(config.deviceId()), Reports.bytes(req), false);
    } catch (LinkException e) {
      // Offline: the window times out and is asked for again once the broker is back.
      LOG.log(Level.DEBUG, () -> "chunk request not sent: " + e.getMessage());
    }
  }
}
