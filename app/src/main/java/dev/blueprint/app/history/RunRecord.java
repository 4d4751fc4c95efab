package dev.blueprint.app.history;

import java.util.Objects;
import java.util.Optional;

/**
 * One run as the history keeps it: what was run (the design's whole text, the varied values, the
 * what-if, seed and versions) and what it gave.
 *
 * @param id its number in the history (0 before it is stored)
 * @param kind {@code simulate}, {@code sweep} or {@code optimize}
 * @param batchId the sweep or optimisation it belongs to
 * @param pointIndex its combination's place in that batch
 * @param startedAt when it started, ISO-8601 UTC
 * @param designName the design's name
 * @param designOrigin the file it came from
 * @param designSha256 the SHA-256 of the text run
 * @param designText the design as run (with the varied values written in)
 * @param parameters the varied values as a JSON object, {@code {}} for a single run
 * @param whatIf the traffic what-if in words
 * @param seed the master seed
 * @param requests measured requests per replication, when the run was sized by count
 * @param replications independent replications
 * @param blueprintVersion the version that ran it
 * @param javaVersion the JVM that ran it
 * @param failure why it gave no result, when it did not
 * @param metrics every metric by name, as a JSON object
 * @param results the full summary as JSON (what {@code simulate --format json} prints)
 * @param wallSeconds elapsed time
 * @param cpuSeconds CPU time
 */
public record RunRecord(
    long id,
    String kind,
    Optional<Long> batchId,
    Optional<Integer> pointIndex,
    String startedAt,
    String designName,
    String designOrigin,
    String designSha256,
    String designText,
    String parameters,
    String whatIf,
    long seed,
    Optional<Long> requests,
    int replications,
    String blueprintVersion,
    String javaVersion,
    Optional<String> failure,
    String metrics,
    String results,
    double wallSeconds,
    double cpuSeconds) {
  public RunRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(designText, "designText");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(results, "results");
  }

  public boolean ok() {
    return failure.isEmpty();
  }
}
