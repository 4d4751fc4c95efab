package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.data.Wisdm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fl simulate}'s command contract: the JSON fields programs read, and the run's log. */
class FlSimulateCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheContractsJsonAndLogsThePartitionAndEveryRound() throws Exception {
    // The shipped held-out users are the test population; the same rows under other user ids
    // (+100) stand in for training users, so the run needs nothing outside the repository.
    List<String> lines =
        Files.readAllLines(Path.of("../../models/edge/wisdm-mlp/heldout-users.csv"));
    List<String> all = new ArrayList<>(lines);
    for (String row : lines.subList(1, lines.size())) {
      String[] f = row.split(",", 3);
      all.add("9" + f[0] + "," + (Integer.parseInt(f[1]) + 100) + "," + f[2]);
    }
    Path data = Files.createDirectories(dir.resolve("wisdm-har"));
    Files.write(data.resolve(Wisdm.FILE), all);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine c = new CommandLine(new FlCommand());
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    int exit =
        c.execute(
            "simulate",
            "--model",
            "wisdm-mlp",
            "--data",
            dir.toString(),
            "--clients-per-round",
            "3",
            "--rounds",
            "2",
            "--encoding",
            "int8",
            "--format",
            "json");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertThat(r.get("rounds")).hasSize(2);
    for (JsonNode round : r.get("rounds")) {
      assertThat(round.get("participants").asInt()).isEqualTo(3);
      assertThat(round.get("bytes_up").asLong()).isPositive();
      assertThat(round.get("bytes_down").asLong()).isPositive();
      assertThat(round.get("accuracy").asDouble()).isBetween(0.0, 1.0);
      assertThat(round.has("loss") && round.has("seconds") && round.has("round")).isTrue();
    }
    assertThat(r.get("final_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.get("centralized_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.get("seconds_per_round").asDouble()).isPositive();
    assertThat(r.get("test_set").asText()).isNotEmpty();
    // The log goes to stderr in JSON mode: which clients hold what, then one line a round.
    assertThat(err.toString())
        .contains("partition by-user: 7 clients")
        .contains("  client 0: ")
        .contains("round   2  accuracy");
  }
}
