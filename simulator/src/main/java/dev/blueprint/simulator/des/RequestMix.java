package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.RequestClass;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/** Draws each arriving request's class and sizes. */
final class RequestMix {
  private final double[] cumulativeShares;
  private final UniformRandomProvider classes;
  private final ContinuousSampler[] items;
  private final ContinuousSampler[] payloads;
  private final ContinuousSampler[] prompts;
  private final ContinuousSampler[] outputs;

  RequestMix(List<RequestClass> mix, RandomStreams streams) {
    int n = mix.size();
    cumulativeShares = new double[n];
    items = new ContinuousSampler[n];
    payloads = new ContinuousSampler[n];
    prompts = new ContinuousSampler[n];
    outputs = new ContinuousSampler[n];
    classes = streams.stream("classes");
    double sum = 0;
    for (int i = 0; i < n; i++) {
      RequestClass c = mix.get(i);
      sum += c.share();
      cumulativeShares[i] = sum;
      items[i] = c.items().sampler(streams.stream("class:" + c.name() + ":items"));
      payloads[i] = c.payloadBytes().sampler(streams.stream("class:" + c.name() + ":payload"));
      prompts[i] =
          c.promptTokens()
              .map(d -> d.sampler(streams.stream("class:" + c.name() + ":prompt")))
              .orElse(null);
      outputs[i] =
          c.outputTokens()
              .map(d -> d.sampler(streams.stream("class:" + c.name() + ":output")))
              .orElse(null);
    }
    cumulativeShares[n - 1] = 1; // shares add up to 1 up to rounding
  }

  /** A drawn count as a whole number from 1 up, a long tail capped rather than wrapped round. */
  private static int count(double drawn) {
    return (int) Math.max(1, Math.min(1_000_000_000L, Math.round(drawn)));
  }

  int classes() {
    return cumulativeShares.length;
  }

  /** Gives {@code request} its class and sizes. */
  void draw(Requests requests, int request) {
    int k = 0;
    if (cumulativeShares.length > 1) {
      double u = classes.nextDouble();
      while (u >= cumulativeShares[k]) {
        k++;
      }
    }
    requests.klass[request] = k;
    requests.items[request] = count(items[k].sample());
    requests.payloadBytes[request] = payloads[k].sample();
    if (prompts[k] != null) {
      requests.promptTokens[request] = count(prompts[k].sample());
      requests.outputTokens[request] = count(outputs[k].sample());
    }
  }
}
