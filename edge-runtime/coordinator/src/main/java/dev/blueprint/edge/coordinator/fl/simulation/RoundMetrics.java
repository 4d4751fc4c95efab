package dev.blueprint.edge.coordinator.fl.simulation;

/**
 * What one committed round did.
 *
 * @param round 1-based
 * @param accuracy the new global model's accuracy on the test set, 0..1
 * @param loss its mean cross-entropy there
 * @param participants clients whose updates were aggregated
 * @param bytesUp encoded update bytes the clients sent
 * @param bytesDown model bytes sent to the clients
 * @param seconds wall time of the round (training, aggregation and evaluation)
 */
public record RoundMetrics(
    int round,
    double accuracy,
    double loss,
    int participants,
    long bytesUp,
    long bytesDown,
    double seconds) {}
