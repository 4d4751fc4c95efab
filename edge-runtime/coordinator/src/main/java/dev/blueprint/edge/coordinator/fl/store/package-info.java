/**
 * The coordinator's durable record of a federated task (docs/federated.md, "Round store"): the task
 * file it was started from and, per committed round, the global model, the server optimizer's
 * state, the participants and the round's metrics, in SQLite (WAL). A round is committed in one
 * transaction, so after a crash it is either all there or not at all, and the last committed round
 * is everything a resumed coordinator needs. The applied (task, round, client) updates are kept
 * with a uniqueness constraint, so an update cannot be applied twice.
 *
 * <p>The one package under {@code coordinator.fl} that may use {@code java.sql}
 * (CoordinatorArchitectureTest); it uses the maths only through its value types ({@code Weights},
 * {@code ParameterLayout}, {@code UpdateRejected.Reason}).
 */
package dev.blueprint.edge.coordinator.fl.store;
