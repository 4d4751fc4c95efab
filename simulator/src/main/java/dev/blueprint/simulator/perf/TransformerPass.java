package dev.blueprint.simulator.perf;

/**
 * One forward pass of a transformer over a batch, as an engine schedules it.
 *
 * @param sequences sequences in the batch
 * @param newTokens tokens processed per sequence in this pass (1 for a decode step)
 * @param attendedContext average number of keys each new token attends to
 * @param kvReadPerSequence cached tokens whose keys and values are read from memory per sequence
 *     (the context of a decode step; 0 when keys come from this pass)
 * @param logitsPerSequence tokens per sequence that need output logits (1 for serving, all new
 *     tokens for training)
 */
public record TransformerPass(
    double sequences,
    double newTokens,
    double attendedContext,
    double kvReadPerSequence,
    double logitsPerSequence) {
  public TransformerPass {
    if (!(sequences > 0)
        || !(newTokens > 0)
        || attendedContext < 0
        || kvReadPerSequence < 0
        || logitsPerSequence < 0) {
      throw new IllegalArgumentException(
          "a pass needs positive sequences and tokens, got " + sequences + " x " + newTokens);
    }
  }

  /** The same pass over a {@code fraction} of its sequences (one device's share). */
  public TransformerPass share(double fraction) {
    return new TransformerPass(
        sequences * fraction, newTokens, attendedContext, kvReadPerSequence, logitsPerSequence);
  }

  /**
   * Prefill of {@code promptTokens} per sequence, causal: each token sees half the prompt on
   * average.
   */
  public static TransformerPass prefill(double sequences, double promptTokens) {
    return new TransformerPass(sequences, promptTokens, (promptTokens + 1) / 2, 0, 1);
  }

  /** One decode step with {@code context} tokens already cached per sequence. */
  public static TransformerPass decode(double sequences, double context) {
    return new TransformerPass(sequences, 1, context + 1, context, 1);
  }

  /** A bidirectional encoder over {@code tokens} per sequence (BERT, ViT). */
  public static TransformerPass encoder(double sequences, double tokens) {
    return new TransformerPass(sequences, tokens, tokens, 0, 0);
  }

  public double tokens() {
    return sequences * newTokens;
  }
}
