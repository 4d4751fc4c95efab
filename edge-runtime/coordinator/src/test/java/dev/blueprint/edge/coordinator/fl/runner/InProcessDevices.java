package dev.blueprint.edge.coordinator.fl.runner;

import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.UpdateCodec;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.LocalTrainer;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.model.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Devices in this JVM that train with the device trainer and answer through the runner's sink, each
 * with a behaviour a test chooses: a well-behaved client, one that never answers, one whose bytes
 * are cut short, one that sends twice, one that answers for another round.
 */
final class InProcessDevices implements RoundTransport {
  enum Behaviour {
    GOOD,
    SILENT,
    TRUNCATED,
    TWICE,
    WRONG_ROUND
  }

  private final Graph graph;
  private final Map<String, LabeledData> data = new TreeMap<>();
  private final Map<String, Behaviour> behaviour = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<String> withdrawn = new ArrayList<>();
  private volatile Consumer<Upload> sink;
  private volatile long crashOnRound = -1;

  InProcessDevices(Graph graph) {
    this.graph = graph;
  }

  void add(String device, LabeledData samples, Behaviour b) {
    data.put(device, samples);
    behaviour.put(device, b);
  }

  void set(String device, Behaviour b) {
    behaviour.put(device, b);
  }

  /** The next offer of this round throws, as a coordinator killed mid-round would stop. */
  void crashOnRound(long round) {
    crashOnRound = round;
  }

  synchronized List<String> withdrawn() {
    return List.copyOf(withdrawn);
  }

  @Override
  public List<String> available() {
    return new ArrayList<>(data.keySet());
  }

  @Override
  public void start(Consumer<Upload> sink) {
    this.sink = sink;
  }

  @Override
  public void offer(String device, RoundOffer offer) {
    if (offer.round() == crashOnRound) {
      crashOnRound = -1;
      throw new IllegalStateException("coordinator killed in round " + offer.round());
    }
    Behaviour b = behaviour.get(device);
    if (b == Behaviour.SILENT) {
      return;
    }
    pool.submit(
        () -> {
          LocalTrainer trainer = new LocalTrainer(Network.of(graph, offer.local().batchSize()));
          LocalTrainer.Result r =
              trainer.train(
                  offer.global(), data.get(device), offer.local(), offer.seed(), () -> true);
          Weights delta = r.weights().minus(offer.global());
          long round = b == Behaviour.WRONG_ROUND ? offer.round() + 7 : offer.round();
          byte[] bytes =
              UpdateCodec.encode(
                      delta,
                      offer.encoding(),
                      round,
                      offer.taskId(),
                      new SplittableRandom(offer.seed()))
                  .bytes();
          if (b == Behaviour.TRUNCATED) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
          }
          sink.accept(new Upload(device, r.samples(), bytes));
          if (b == Behaviour.TWICE) {
            sink.accept(new Upload(device, r.samples(), bytes));
          }
          return null;
        });
  }

  /** A well-behaved device's upload for an offer, computed here and now. */
  Upload answer(String device, RoundOffer offer) {
    return answer(device, offer, Behaviour.GOOD);
  }

  private Upload answer(String device, RoundOffer offer, Behaviour b) {
    LocalTrainer trainer = new LocalTrainer(Network.of(graph, offer.local().batchSize()));
    LocalTrainer.Result r =
        trainer.train(offer.global(), data.get(device), offer.local(), offer.seed(), () -> true);
    Weights delta = r.weights().minus(offer.global());
    long round = b == Behaviour.WRONG_ROUND ? offer.round() + 7 : offer.round();
    byte[] bytes =
        UpdateCodec.encode(
                delta, offer.encoding(), round, offer.taskId(), new SplittableRandom(offer.seed()))
            .bytes();
    if (b == Behaviour.TRUNCATED) {
      bytes = Arrays.copyOf(bytes, bytes.length / 2);
    }
    return new Upload(device, r.samples(), bytes);
  }

  @Override
  public synchronized void withdraw(String device, String taskId, long round) {
    withdrawn.add(device + "@" + round);
  }

  void close() {
    pool.shutdownNow();
  }
}
