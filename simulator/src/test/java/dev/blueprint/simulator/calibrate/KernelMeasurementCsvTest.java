package dev.blueprint.simulator.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.units.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelMeasurementCsvTest {
  static final String HEADER = "kind,precision,m,n,k,stream_bytes,gather_bytes,seconds,note\n";

  @Test
  void readsEveryKindAndSkipsCommentLines() {
    String text =
        "# device: NVIDIA H100 80GB HBM3\n# torch 2.11.0\n"
            + HEADER
            + "gemm,bf16,4096,4096,4096,100663296,,0.000210,square\n"
            + "stream,,,,,2147483648,,0.00072,copy 1 GiB\n"
            + "gather,,,,,67108864,67108864,0.00005,128 B rows\n"
            + "launch,,,,,,,0.000012,\n"
            + "graph-node,,,,,,,0.0000025,\n";
    List<KernelMeasurement> rows = KernelMeasurementCsv.parse(text, "sweep.csv");
    assertThat(rows)
        .extracting(KernelMeasurement::kind)
        .containsExactly(
            KernelKind.GEMM,
            KernelKind.STREAM,
            KernelKind.GATHER,
            KernelKind.LAUNCH,
            KernelKind.GRAPH_NODE);
    KernelMeasurement gemm = rows.get(0);
    assertThat(gemm.line()).isEqualTo(4);
    assertThat(gemm.precision()).isEqualTo(Precision.BF16);
    assertThat(gemm.flop()).isEqualTo(2.0 * 4096 * 4096 * 4096);
    assertThat(rows.get(2).gatherBytes()).isEqualTo(67108864);
    assertThat(rows.get(4).seconds()).isEqualTo(2.5e-6);
  }

  @Test
  void reportsEveryBadCellWithItsLineAndColumn() {
    String text =
        HEADER
            + "gemn,bf16,1,1,1,10,,1e-3,\n"
            + "gemm,bf17,64,64,,10,,1e-3,\n"
            + "stream,,,,,-5,,1e-3,\n"
            + "gather,,,,,,0,1e-3,\n"
            + "launch,,,,,,,-1,\n"
            + "graph-node,,,,,,,soon,\n";
    assertThatThrownBy(() -> KernelMeasurementCsv.parse(text, "sweep.csv"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sweep.csv:2")
        .hasMessageContaining("unknown kind 'gemn'")
        .hasMessageContaining("gemm")
        .hasMessageContaining("sweep.csv:3")
        .hasMessageContaining("unknown precision 'bf17'")
        .hasMessageContaining("a gemm row needs m, n and k")
        .hasMessageContaining("sweep.csv:4")
        .hasMessageContaining("sweep.csv:5")
        .hasMessageContaining("gather_bytes")
        .hasMessageContaining("sweep.csv:6")
        .hasMessageContaining("sweep.csv:7")
        .hasMessageContaining("expected a number, got 'soon'");
  }

  @Test
  void aHeaderWithoutTheColumnsIsRefusedWithTheNearestName() {
    String text =
        "kind,precision,m,n,k,stream_byte,gather_bytes,seconds,note\ngemm,bf16,1,1,1,10,,1e-3,\n";
    assertThatThrownBy(() -> KernelMeasurementCsv.parse(text, "sweep.csv"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stream_bytes")
        .hasMessageContaining("missing column");
  }

  @Test
  void aFileWithOnlyAHeaderHasNoRows() {
    assertThatThrownBy(() -> KernelMeasurementCsv.parse(HEADER, "sweep.csv"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no measurement rows");
  }
}
