package dev.blueprint.simulator.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.io.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesignParserTest {
  private final DesignParser parser = new DesignParser(DesignFiles.none());

  @Test
  void theMinimalDesignOfTheFormatLoadsExactlyAsWritten() {
    Design design =
        parser.parse(
            """
        name: mm1
        workload:
          arrival: poisson
          rate: 0.9/s
        components:
          server:
            kind: station
            servers: 1
            service: exponential(mean=1s)
            cost: $1/h
        flow:
          - server
        """,
            "mm1.yaml");
    assertThat(design.name()).isEqualTo("mm1");
    assertThat(design.workload().arrival()).isInstanceOf(ArrivalProcess.Poisson.class);
    assertThat(design.workload().arrival().meanRate().perSecond()).isEqualTo(0.9);
    StationSpec server = (StationSpec) design.components().get("server");
    assertThat(server.servers()).isEqualTo(1);
    assertThat(server.service()).isEqualTo(new Distribution.Exponential(1));
    assertThat(server.cost().dollarsPerHour()).isCloseTo(1, within(1e-12));
    assertThat(design.flow()).containsExactly(new FlowStep.Visit("server"));
    assertThat(design.workload().warmup()).isEqualTo(Workload.DEFAULT_WARMUP);
  }

  @Test
  void optionalFieldsAreRead() {
    Design design =
        parser.parse(
            """
        name: full
        description: answers a question
        workload:
          arrival: constant
          rate: 100/s
          warmup: 5000
          duration: 10min
        components:
          hop:
            kind: station
            servers: unlimited
            service: lognormal(median=2ms, p99=10ms)
          db:
            kind: station
            servers: 8
            service: gamma(mean=3ms, cv=0.5)
            queue_capacity: 100
        flow: [hop, db]
        slos:
          tail: p99 < 20ms
          loss: drops < 0.1%
        """,
            "full.yaml");
    assertThat(design.workload().warmup()).isEqualTo(new Warmup.Requests(5000));
    assertThat(design.workload().duration())
        .hasValueSatisfying(d -> assertThat(d.seconds()).isEqualTo(600));
    assertThat(((StationSpec) design.components().get("hop")).servers())
        .isEqualTo(StationSpec.UNLIMITED);
    assertThat(((StationSpec) design.components().get("db")).queueCapacity()).hasValue(100);
    assertThat(design.slos())
        .containsExactly(
            new Slo("tail", Slo.Metric.P99, 0.020), new Slo("loss", Slo.Metric.DROPS, 0.001));
  }

  @Test
  void everyProblemIsReportedWithItsLineColumnAndField() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    """
        name: broken
        workload:
          arrival: poison
          rate: 10 per second
        components:
          server:
            kind: stations
            service: exponential(mean=1s)
          db:
            kind: station
            servers: 0
            service: expo(mean=2ms)
            colour: blue
        flow:
          - servr
          - db
        """,
                    "broken.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.yaml:3:12: field 'workload.arrival'")
        .hasMessageContaining("did you mean 'poisson'")
        .hasMessageContaining("broken.yaml:7:11: field 'components.server.kind'")
        .hasMessageContaining("did you mean 'station'")
        .hasMessageContaining("field 'components.db.servers'")
        .hasMessageContaining("field 'components.db.service': unknown distribution 'expo'")
        .hasMessageContaining("did you mean 'exponential'")
        .hasMessageContaining("broken.yaml:13:5: field 'components.db.colour': unknown field")
        .hasMessageContaining("broken.yaml:15:5: field 'flow[0]': no component named 'servr'")
        .hasMessageContaining("did you mean 'server'");
  }

  @Test
  void aRateWithoutAUnitIsNamed() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    """
        name: rate
        workload:
          arrival: poisson
          rate: 10 per second
        components:
          s: {kind: station, service: 1ms}
        flow: [s]
        """,
                    "rate.yaml"))
        .hasMessageContaining("rate.yaml:4:9: field 'workload.rate': expected a rate such as 1M/s");
  }

  @Test
  void missingSectionsAreNamed() {
    assertThatThrownBy(() -> parser.parse("name: empty\n", "empty.yaml"))
        .hasMessageContaining("field 'workload': required field is missing")
        .hasMessageContaining("field 'components': required field is missing")
        .hasMessageContaining("field 'flow': required field is missing");
  }

  @Test
  void badObjectivesSayWhatIsExpected() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    """
        name: slo
        workload: {arrival: poisson, rate: 1/s}
        components:
          a: {kind: station, service: 1ms}
        flow: [a]
        slos:
          fast: p98 < 10ms
          tidy: p99 under 10ms
          slow: p99 < 10 parsecs
        """,
                    "slo.yaml"))
        .hasMessageContaining(
            "field 'slos.fast': unknown SLO metric 'p98'; did you mean 'p90', 'p99'")
        .hasMessageContaining("field 'slos.tidy': expected an objective such as 'p99 < 10ms'")
        .hasMessageContaining("field 'slos.slow'");
  }

  @Test
  void invalidYamlIsReportedWithItsPosition() {
    assertThatThrownBy(() -> parser.parse("name: [unclosed\nworkload: x\n", "bad.yaml"))
        .hasMessageContaining("bad.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void empiricalSamplesAreReadRelativeToTheDesignWithBadLinesNamed(@TempDir Path folder)
      throws Exception {
    Files.writeString(folder.resolve("latency.txt"), "# measured\n1ms\n2ms\n\n3ms\n");
    Files.writeString(folder.resolve("bad.txt"), "1ms\nfast\n");
    DesignParser withFiles = new DesignParser(DesignFiles.relativeTo(folder));
    Design design =
        withFiles.parse(
            """
        name: e
        workload: {arrival: poisson, rate: 1/s}
        components:
          a: {kind: station, service: empirical(file=latency.txt)}
        flow: [a]
        """,
            "e.yaml");
    Distribution service = ((StationSpec) design.components().get("a")).service();
    assertThat(service.mean()).isCloseTo(0.002, within(1e-12));
    assertThatThrownBy(
            () ->
                withFiles.parse(
                    """
        name: e
        workload: {arrival: poisson, rate: 1/s}
        components:
          a: {kind: station, service: empirical(file=bad.txt)}
        flow: [a]
        """,
                    "e.yaml"))
        .hasMessageContaining("bad.txt:2:")
        .hasMessageContaining("field 'components.a.service'");
  }

  @Test
  void aCommaInsideAnUnquotedFlowMappingValueGetsAHint() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    """
        name: q
        workload: {arrival: poisson, rate: 1/s}
        components:
          a: {kind: station, service: lognormal(mean=10ms, cv=1)}
        flow: [a]
        """,
                    "q.yaml"))
        .hasMessageContaining("put it in quotes");
  }

  @Test
  void componentsInFlowFindsEveryComponentHoweverDeepInFlowOrder() {
    StringBuilder components = new StringBuilder();
    for (String name : List.of("a", "b", "c", "d", "e", "idle")) {
      components.append(
          "  "
              + name
              + ": {kind: station, servers: 1, service: exponential(mean=1ms), cost: $1/h}\n");
    }
    Design design =
        parser.parse(
            "name: deep\n"
                + "workload: {arrival: poisson, rate: 10/s}\n"
                + "components:\n"
                + components
                + "flow:\n"
                + "  - a\n"
                + "  - traffic-split: {b: 50%, c: 50%}\n"
                + "  - shadow: [d]\n"
                + "  - e\n",
            "deep.yaml");
    assertThat(design.componentsInFlow()).containsExactly("a", "b", "c", "d", "e");
  }
}
