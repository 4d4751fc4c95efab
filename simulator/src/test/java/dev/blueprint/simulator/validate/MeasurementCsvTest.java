package dev.blueprint.simulator.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class MeasurementCsvTest {
  static final String HEADER = String.join(",", MeasurementCsv.COLUMNS) + "\n";

  @Test
  void readsARowWithOptions() {
    List<Measurement> rows =
        MeasurementCsv.parse(
            HEADER
                + "R1,nvidia-a100-sxm-80gb,8,megatron-22b,fp16,training,4,2048,,8,1,,recompute=selective;sequence_parallel=true,iteration_time,1.10,s,paper\n",
            "m.csv");
    Measurement m = rows.get(0);
    assertThat(m.count()).isEqualTo(8);
    assertThat(m.batch()).hasValue(4);
    assertThat(m.outputTokens()).isEmpty();
    assertThat(m.option("recompute")).hasValue("selective");
    assertThat(m.optionFlag("sequence_parallel")).isTrue();
    assertThat(m.line()).isEqualTo(2);
  }

  @Test
  void badCellsAreReportedWithLineAndColumnAllAtOnce() {
    InvalidInputException e =
        Assertions.assertThrows(
            InvalidInputException.class,
            () ->
                MeasurementCsv.parse(
                    HEADER
                        + "A,nvidia-t4,x,resnet-50,int8,offline,,,,,,,,throughput,100,samples/s,s\n"
                        + "B,nvidia-t4,1,resnet-50,int8,offline,,,,,,,oops,throughput,-5,samples/s,s\n",
                    "m.csv"));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "m.csv:2: field 'count': expected a whole number, got 'x'",
            "m.csv:3: field 'value': expected a positive number, got '-5'",
            "m.csv:3: field 'options': expected key=value pairs separated by ';', got 'oops'");
  }

  @Test
  void optionsAreCheckedByNameAndKind() {
    InvalidInputException e =
        Assertions.assertThrows(
            InvalidInputException.class,
            () ->
                MeasurementCsv.parse(
                    HEADER
                        + "A,nvidia-a100-sxm-80gb,8,megatron-22b,fp16,training,4,2048,,8,1,,microbatch=2;sequence_parallel=yes;zero=5,iteration_time,1.1,s,x\n",
                    "m.csv"));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "m.csv:2: field 'options': option 'sequence_parallel' takes true or false, got 'yes'",
            "m.csv:2: field 'options': option 'zero' takes 0, 1, 2 or 3, got '5'");
  }

  @Test
  void aMissingColumnIsReported() {
    assertThatThrownBy(() -> MeasurementCsv.parse("id,hardware\nA,b\n", "m.csv"))
        .hasMessageContaining("m.csv:1: field 'model': missing column");
  }

  @Test
  void anEmptyFileIsReported() {
    assertThatThrownBy(() -> MeasurementCsv.parse(HEADER, "m.csv"))
        .hasMessageContaining("no measurement rows");
  }
}
