package dev.blueprint.simulator.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The broad kind of model, which decides how its profile is written and simulated. */
public enum ModelFamily {
  CNN("cnn"),
  TRANSFORMER_ENCODER("transformer-encoder"),
  DECODER_LLM("decoder-llm"),
  ENCODER_DECODER("encoder-decoder"),
  RECSYS("recsys"),
  /**
   * Recurrent networks given layer by layer (an RNN-T speech recogniser), read like {@code cnn}.
   */
  RNN("rnn"),
  /**
   * Diffusion pipelines given layer by layer (text encoders, a denoiser repeated per step, a
   * decoder), read like {@code cnn}.
   */
  DIFFUSION("diffusion"),
  /** Generated from the id: {@code gemm-MxNxK}, {@code allreduce-1gib}. */
  SYNTHETIC("synthetic");

  private final String id;

  ModelFamily(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static ModelFamily parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (ModelFamily family : values()) {
      if (family.id.equals(wanted) && family != SYNTHETIC) {
        return family;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values())
                .filter(f -> f != SYNTHETIC)
                .map(ModelFamily::id)
                .collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
