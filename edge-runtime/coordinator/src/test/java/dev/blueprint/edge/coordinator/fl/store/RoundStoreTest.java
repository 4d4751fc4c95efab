package dev.blueprint.edge.coordinator.fl.store;

import static dev.blueprint.edge.coordinator.fl.store.Rounds.FILE;
import static dev.blueprint.edge.coordinator.fl.store.Rounds.T0;
import static dev.blueprint.edge.coordinator.fl.store.Rounds.TASK;
import static dev.blueprint.edge.coordinator.fl.store.Rounds.round;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.coordinator.fl.store.CommittedRound.Participant;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.model.TensorShape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundStoreTest {
  @TempDir Path dir;

  Path db() {
    return dir.resolve("rounds.db");
  }

  RoundStore started(Path file) {
    RoundStore store = new RoundStore(file);
    store.startTask(TASK, FILE, T0);
    return store;
  }

  static void assertSameRound(CommittedRound actual, CommittedRound expected) {
    assertThat(actual.global().bitEquals(expected.global())).as("global model bits").isTrue();
    assertThat(actual.optimizerState()).hasSameSizeAs(expected.optimizerState());
    for (int i = 0; i < expected.optimizerState().size(); i++) {
      assertThat(actual.optimizerState().get(i).bitEquals(expected.optimizerState().get(i)))
          .as("optimizer state %d bits", i)
          .isTrue();
    }
    assertThat(actual.global().layout()).isEqualTo(expected.global().layout());
    assertThat(actual.participants()).containsExactlyInAnyOrderElementsOf(expected.participants());
    assertThat(actual)
        .usingRecursiveComparison()
        .ignoringFields("global", "optimizerState", "participants")
        .isEqualTo(expected);
  }

  @Test
  void aCommittedRoundReadsBackBitForBitAfterReopening() {
    try (RoundStore store = started(db())) {
      for (long r = 0; r <= 3; r++) {
        store.commit(round(r));
      }
    }
    try (RoundStore store = new RoundStore(db())) {
      CommittedRound last = store.lastCommitted(TASK).orElseThrow();
      assertThat(last.round()).isEqualTo(3);
      assertSameRound(last, round(3));
      assertSameRound(store.round(TASK, 0).orElseThrow(), round(0));
      assertSameRound(store.round(TASK, 2).orElseThrow(), round(2));
      assertThat(store.round(TASK, 4)).isEmpty();
      assertThat(store.task(TASK).orElseThrow().fileText()).isEqualTo(FILE);
      assertThat(store.lastCommitted("other-task")).isEmpty();
    }
  }

  @Test
  void roundsAreCommittedInOrderFromTheStartingModel() {
    try (RoundStore store = started(db())) {
      assertThatThrownBy(() -> store.commit(round(1)))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessage(
              "task wisdm-by-user: round 1 cannot be committed; no round is committed yet, round 0"
                  + " (the starting model) comes first");
      store.commit(round(0));
      assertThatThrownBy(() -> store.commit(round(2)))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessage(
              "task wisdm-by-user: round 2 cannot be committed; the last committed round is 0, so"
                  + " the next is 1");
      store.commit(round(1));
      assertThatThrownBy(() -> store.commit(round(1)))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessageContaining("the last committed round is 1");
      assertThat(store.lastCommitted(TASK).orElseThrow().round()).isEqualTo(1);
    }
  }

  @Test
  void aRoundOfAnUnstartedTaskOrAnotherLayoutIsRefused() {
    try (RoundStore store = new RoundStore(db())) {
      assertThatThrownBy(() -> store.commit(round(0)))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessageContaining("task wisdm-by-user was not started");
      store.startTask(TASK, FILE, T0);
      store.commit(round(0));
      ParameterLayout other =
          ParameterLayout.of(List.of("dense/kernel"), List.of(TensorShape.of(4, 3)));
      CommittedRound wrong =
          new CommittedRound(
              TASK,
              1,
              Weights.zeros(other),
              List.of(),
              List.of(),
              0,
              0,
              Map.of(),
              0,
              0,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              0,
              T0);
      assertThatThrownBy(() -> store.commit(wrong))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessage("task wisdm-by-user: round 1's model has another layout than round 0's");
    }
  }

  @Test
  void aTaskRestartedFromAnotherFileIsRefused() {
    try (RoundStore store = started(db())) {
      store.startTask(TASK, FILE, T0.plusSeconds(5)); // a resume: same text, no-op
      assertThat(store.task(TASK).orElseThrow().startedAt()).isEqualTo(T0);
      assertThatThrownBy(() -> store.startTask(TASK, FILE + "rounds: 3\n", T0))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessageContaining("was started from another task file")
          .hasMessageContaining(RoundStore.sha256(FILE));
    }
  }

  @Test
  void anAppliedUpdateIsKnownAfterAResumeAndCannotBeAppliedTwice() {
    try (RoundStore store = started(db())) {
      store.commit(round(0));
      store.commit(round(1));
    }
    try (RoundStore store = new RoundStore(db())) {
      assertThat(store.applied(TASK, 1, "pi-07")).isTrue();
      assertThat(store.applied(TASK, 1, "pi-02")).isTrue();
      assertThat(store.applied(TASK, 1, "pi-03")).isFalse();
      assertThat(store.applied(TASK, 2, "pi-07")).isFalse();
      assertThat(store.applied("another", 1, "pi-07")).isFalse();
      // Round 1 again (a coordinator that lost track and re-aggregated it) is refused whole.
      assertThatThrownBy(() -> store.commit(round(1))).isInstanceOf(RoundStore.CommitRefused.class);
      store.commit(round(2)); // the same clients in the next round are new updates
      assertThat(store.applied(TASK, 2, "pi-07")).isTrue();
    }
    // A round listing one client twice never reaches the store.
    assertThatThrownBy(
            () ->
                new CommittedRound(
                    TASK,
                    3,
                    round(3).global(),
                    List.of(),
                    List.of(new Participant("pi-07", 1), new Participant("pi-07", 1)),
                    0,
                    0,
                    Map.of(),
                    0,
                    0,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    0,
                    T0))
        .hasMessage("round 3: client pi-07 is listed twice");
  }

  @Test
  void theDatabaseItselfRefusesASecondRowForTheSameUpdate() throws SQLException {
    try (RoundStore store = started(db())) {
      store.commit(round(0));
      store.commit(round(1));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO applied_updates (task, round, client, samples)"
                          + " VALUES ('wisdm-by-user', 1, 'pi-07', 151)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("UNIQUE");
    }
  }

  @ParameterizedTest
  @EnumSource(RoundStore.Stage.class)
  void aFailureInsideTheTransactionLeavesThePreviousRoundIntact(RoundStore.Stage at) {
    try (RoundStore store = started(db())) {
      store.commit(round(0));
    }
    try (RoundStore store =
        new RoundStore(
            db(),
            stage -> {
              if (stage == at) {
                throw new IllegalStateException("crash at " + stage);
              }
            })) {
      assertThatThrownBy(() -> store.commit(round(1))).hasMessage("crash at " + at);
      assertThat(store.lastCommitted(TASK).orElseThrow().round()).isZero();
      assertThat(store.round(TASK, 1)).isEmpty();
      assertThat(store.applied(TASK, 1, "pi-07")).isFalse();
    }
    try (RoundStore store = new RoundStore(db())) {
      assertSameRound(store.lastCommitted(TASK).orElseThrow(), round(0));
      store.commit(round(1)); // the round can be committed again once the cause is gone
      assertSameRound(store.lastCommitted(TASK).orElseThrow(), round(1));
    }
  }

  @Test
  void aConnectionClosedMidTransactionLeavesThePreviousRoundIntact() {
    try (RoundStore store = started(db())) {
      store.commit(round(0));
    }
    RoundStore[] holder = new RoundStore[1];
    holder[0] =
        new RoundStore(
            db(),
            stage -> {
              if (stage == RoundStore.Stage.PARTICIPANTS_WRITTEN) {
                try {
                  holder[0].closeAbruptly();
                } catch (SQLException e) {
                  throw new AssertionError(e);
                }
              }
            });
    assertThatThrownBy(() -> holder[0].commit(round(1))).isInstanceOf(IllegalStateException.class);
    try (RoundStore store = new RoundStore(db())) {
      assertSameRound(store.lastCommitted(TASK).orElseThrow(), round(0));
      assertThat(store.applied(TASK, 1, "pi-07")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(RoundStore.Stage.class)
  void aProcessKilledMidCommitLosesOnlyThatRound(RoundStore.Stage at) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingCommit.class.getName(),
                db().toString(),
                at.name())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(137);
    try (RoundStore store = new RoundStore(db())) {
      assertSameRound(store.lastCommitted(TASK).orElseThrow(), round(1));
      assertThat(store.round(TASK, 2)).isEmpty();
      assertThat(store.applied(TASK, 2, "pi-07")).isFalse();
      store.commit(round(2));
      assertSameRound(store.lastCommitted(TASK).orElseThrow(), round(2));
    }
  }

  @Test
  void reopeningKeepsTheSameFileAndEveryRound() throws Exception {
    try (RoundStore store = started(db())) {
      store.commit(round(0));
    }
    Object inode = Files.readAttributes(db(), BasicFileAttributes.class).fileKey();
    try (RoundStore store = new RoundStore(db())) {
      store.commit(round(1));
    }
    assertThat(Files.readAttributes(db(), BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    try (RoundStore store = new RoundStore(db())) {
      assertThat(store.round(TASK, 0)).isPresent();
      assertThat(store.lastCommitted(TASK).orElseThrow().round()).isEqualTo(1);
    }
  }

  @Test
  void aFileThatIsNotARoundStoreIsRefusedAndLeftAsItIs() throws Exception {
    Path text = dir.resolve("notes.db");
    byte[] notes = "my notes, not a database\n".repeat(10).getBytes(StandardCharsets.UTF_8);
    Files.write(text, notes);
    assertThatThrownBy(() -> new RoundStore(text))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(text + " is not a round store (not an SQLite database); it is left as it is");
    assertThat(Files.readAllBytes(text)).isEqualTo(notes);

    Path foreign = dir.resolve("registry.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE devices (id TEXT PRIMARY KEY)");
      s.execute("INSERT INTO devices VALUES ('pi-07')");
    }
    byte[] before = Files.readAllBytes(foreign);
    assertThatThrownBy(() -> new RoundStore(foreign))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is an SQLite database of another application (application_id 0x0)");
    assertThat(Files.readAllBytes(foreign)).isEqualTo(before);
    assertThat(dir.resolve("registry.db-wal")).doesNotExist();
  }

  @Test
  void aStoreCutOffBeforeItsTablesWereMadeIsMigratedInPlace() throws Exception {
    // What a crash right after creation leaves: our application_id, schema 0, no tables.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA application_id=" + RoundStore.APPLICATION_ID);
    }
    Object inode = Files.readAttributes(db(), BasicFileAttributes.class).fileKey();
    try (RoundStore store = started(db())) {
      store.commit(round(0));
    }
    assertThat(Files.readAttributes(db(), BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement();
        var r = s.executeQuery("PRAGMA user_version")) {
      assertThat(r.getInt(1)).isEqualTo(RoundStore.SCHEMA);
    }
  }

  @Test
  void twoStoresOnOneFileCannotBothCommitTheSameRound() {
    try (RoundStore first = started(db());
        RoundStore second = new RoundStore(db())) {
      first.commit(round(0));
      second.commit(round(1));
      assertThatThrownBy(() -> first.commit(round(1)))
          .isInstanceOf(RoundStore.CommitRefused.class)
          .hasMessageContaining("the last committed round is 1");
      assertSameRound(first.lastCommitted(TASK).orElseThrow(), round(1));
    }
  }

  @Test
  void aStoreFromANewerSchemaIsRefused() throws Exception {
    try (RoundStore store = started(db())) {
      store.commit(round(0));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version=" + (RoundStore.SCHEMA + 1));
    }
    assertThatThrownBy(() -> new RoundStore(db()))
        .hasMessageContaining("was written by a newer Blueprint (round store schema 2");
  }
}
