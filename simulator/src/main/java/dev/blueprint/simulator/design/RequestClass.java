package dev.blueprint.simulator.design;

import java.util.Objects;
import java.util.Optional;

/**
 * One kind of request in the traffic mix, with its own sizes.
 *
 * @param name the class name ("chat", "batch")
 * @param share its share of arrivals, 0 to 1 (the shares of a workload add up to 1)
 * @param priority served before classes with a larger number where a station orders by priority; 0
 *     is the most urgent
 * @param items samples a model server scores for one request (ads to rank), at least 1
 * @param payloadBytes bytes of the request body, for gateways and network hops
 * @param promptTokens prompt length of an LLM request, if the traffic is LLM traffic
 * @param outputTokens generated tokens of an LLM request
 */
public record RequestClass(
    String name,
    double share,
    int priority,
    Distribution items,
    Distribution payloadBytes,
    Optional<Distribution> promptTokens,
    Optional<Distribution> outputTokens) {

  /** The class of a workload that names none: one item, no payload, no tokens. */
  public static RequestClass single() {
    return new RequestClass(
        "default",
        1,
        0,
        new Distribution.Deterministic(1),
        new Distribution.Deterministic(0),
        Optional.empty(),
        Optional.empty());
  }

  public RequestClass {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(payloadBytes, "payloadBytes");
    Objects.requireNonNull(promptTokens, "promptTokens");
    Objects.requireNonNull(outputTokens, "outputTokens");
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "a class share must be above 0% and at most 100%, got " + share);
    }
    if (priority < 0) {
      throw new IllegalArgumentException("priority must not be negative, got " + priority);
    }
    if (promptTokens.isPresent() != outputTokens.isPresent()) {
      throw new IllegalArgumentException("give prompt_tokens and output_tokens together");
    }
  }

  /** Whether the class describes LLM requests. */
  public boolean isLlm() {
    return promptTokens.isPresent();
  }
}
