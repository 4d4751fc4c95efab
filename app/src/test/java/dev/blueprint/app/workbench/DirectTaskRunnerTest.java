package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectTaskRunnerTest {
  private final DirectTaskRunner runner = new DirectTaskRunner();

  @Test
  void aJobRunsToItsEndOnTheCallingThreadWithItsUpdatesInOrder() {
    List<String> seen = new ArrayList<>();
    runner.start(
        BackgroundJob.of(
                "test",
                context -> {
                  context.progress(0.5);
                  context.publish(() -> seen.add("update"));
                  return 42;
                })
            .onProgress(p -> seen.add("progress " + p))
            .onSucceeded(v -> seen.add("succeeded " + v))
            .onFailed(e -> seen.add("failed"))
            .onCancelled(() -> seen.add("cancelled")));
    assertThat(seen).containsExactly("progress 0.5", "update", "succeeded 42");
  }

  @Test
  void aFailureReachesOnFailed() {
    List<Throwable> failures = new ArrayList<>();
    runner.start(
        BackgroundJob.<Integer>of(
                "test",
                context -> {
                  throw new IllegalStateException("broken");
                })
            .onFailed(failures::add));
    assertThat(failures).extracting(Throwable::getMessage).containsExactly("broken");
  }

  @Test
  void aJobCancelledFromItsOwnUpdateIsInterruptedAndEndsCancelled() {
    List<String> seen = new ArrayList<>();
    // Cancel from the third update, as a ViewModel's Cancel would while rows arrive.
    BackgroundJob<String> cancelling =
        BackgroundJob.of(
                "test",
                context -> {
                  for (int i = 0; i < 10 && !Thread.currentThread().isInterrupted(); i++) {
                    int n = i;
                    context.publish(
                        () -> {
                          seen.add("point " + n);
                          if (n == 2) {
                            seenJob[0].cancel();
                          }
                        });
                  }
                  return "done";
                })
            .onSucceeded(seen::add)
            .onCancelled(() -> seen.add("cancelled"));
    seenJob[0] = cancelling;
    runner.start(cancelling);
    assertThat(seen).containsExactly("point 0", "point 1", "point 2", "cancelled");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  private final BackgroundJob<?>[] seenJob = new BackgroundJob<?>[1];
}
