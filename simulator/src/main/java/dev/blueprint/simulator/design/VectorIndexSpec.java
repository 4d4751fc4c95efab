package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;

/**
 * Approximate nearest-neighbour search on CPU cores: the per-query time comes from the index type,
 * its size and the recall asked for (docs/design-format.md, "vector-index"), and {@code threads}
 * queries run at once.
 *
 * @param name the component's name
 * @param index hnsw or ivf-pq
 * @param vectors vectors indexed
 * @param dimensions their dimension
 * @param recall recall@10 target (HNSW), 0.90 to 0.99
 * @param nprobe lists scanned per query (IVF-PQ)
 * @param nlist lists of the index (IVF-PQ)
 * @param codeBytes bytes per compressed vector (IVF-PQ)
 * @param threads queries searched at once
 * @param cost the price of the index's machines
 */
public record VectorIndexSpec(
    String name,
    String index,
    long vectors,
    int dimensions,
    double recall,
    int nprobe,
    long nlist,
    int codeBytes,
    int threads,
    MoneyRate cost)
    implements ComponentSpec {
  /**
   * HNSW on one core at 1M vectors of 128 dimensions and recall 0.95: 0.2 ms per query, from the
   * Faiss wiki's SIFT1M figures (0.020 ms per query on 20 threads; one thread 5 to 12 times slower)
   * — an estimate of medium to low confidence.
   */
  static final double HNSW_ANCHOR_SECONDS = 0.2e-3;

  /** The recalls of the Faiss wiki's efSearch table and the relative work to reach them. */
  static final double[] RECALLS = {0.90, 0.95, 0.98, 0.99};

  static final double[] RECALL_WORK = {0.55, 1.0, 1.65, 2.95};

  /**
   * IVF-PQ scan cost per byte of code: 7.5 ms for 1M 16-byte codes on one thread (Faiss
   * benchs/README.md), 0.47 ns per byte.
   */
  static final double SCAN_SECONDS_PER_BYTE = 0.47e-9;

  public VectorIndexSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(cost, "cost");
    if (vectors < 1 || dimensions < 1 || threads < 1) {
      throw new IllegalArgumentException("vectors, dimensions and threads must be at least 1");
    }
    if (index.equals("hnsw") && !(recall >= RECALLS[0] && recall <= RECALLS[RECALLS.length - 1])) {
      throw new IllegalArgumentException(
          "the HNSW model covers recall 0.90 to 0.99, got " + recall);
    }
    if (index.equals("ivf-pq") && (nprobe < 1 || nlist < nprobe || codeBytes < 1)) {
      throw new IllegalArgumentException("IVF-PQ needs 1 ≤ nprobe ≤ nlist and code_bytes ≥ 1");
    }
  }

  /**
   * The CPU time of one query. HNSW: the anchor scaled by dimension, by ln N (the logarithmic
   * scaling of Malkov and Yashunin 2018) and by the recall's relative work. IVF-PQ: the codes of
   * {@code nprobe} lists scanned, plus the coarse quantizer's {@code nlist × d} floats read at the
   * same rate (an estimate).
   */
  public double querySeconds() {
    if (index.equals("hnsw")) {
      double work = interpolate(recall);
      double sizeFactor = Math.log(Math.max(vectors, 2)) / Math.log(1e6);
      return HNSW_ANCHOR_SECONDS * dimensions / 128.0 * sizeFactor * work;
    }
    double scanned = nprobe * (vectors / (double) nlist) * codeBytes;
    double quantizer = nlist * (double) dimensions * 4;
    return (scanned + quantizer) * SCAN_SECONDS_PER_BYTE;
  }

  private static double interpolate(double r) {
    for (int i = 1; i < RECALLS.length; i++) {
      if (r <= RECALLS[i]) {
        double f = (r - RECALLS[i - 1]) / (RECALLS[i] - RECALLS[i - 1]);
        return RECALL_WORK[i - 1] + f * (RECALL_WORK[i] - RECALL_WORK[i - 1]);
      }
    }
    return RECALL_WORK[RECALL_WORK.length - 1];
  }

  @Override
  public String kind() {
    return "vector-index";
  }
}
