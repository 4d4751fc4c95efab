package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  static final String HEADER =
      "id,hardware,count,model,precision,scenario,batch,input_tokens,output_tokens,tp,pp,latency_bound_ms,options,metric,value,unit,source\n";

  @TempDir Path dir;

  Path write(String rows) throws Exception {
    Path file = dir.resolve("m.csv");
    Files.writeString(file, HEADER + rows);
    return file;
  }

  @Test
  void csvPrintsIdPredictedMeasuredError() throws Exception {
    Path file =
        write(
            "G,nvidia-a100-sxm-80gb,1,gemm-8192x12288x12288,fp16,kernel,,,,,,,,latency,8.6216,ms,x\n"
                + "U,nvidia-a100-sxm-80gb,1,resnet-50,fp16,multi-stream,,,,,,,,throughput,1,samples/s,x\n");
    CliRun run = CliRun.of("validate", file.toString(), "--format", "csv");
    String[] lines = run.out().split("\n");
    assertThat(lines[0]).isEqualTo("id,predicted,measured,error_pct");
    assertThat(lines[1]).matches("G,[0-9.]+,8.6216,-?[0-9.]+");
    assertThat(lines[2]).isEqualTo("U,unsupported,1,");
  }

  @Test
  void tablePrintsTheSummaryAndTheReasonForUnsupportedRows() throws Exception {
    Path file =
        write(
            "U,nvidia-a100-sxm-80gb,1,resnet-50,fp16,multi-stream,,,,,,,,throughput,1,samples/s,x\n");
    CliRun run = CliRun.of("validate", file.toString());
    assertThat(run.out())
        .contains("rows unsupported (count as failures)")
        .contains("scenario 'multi-stream' is not modelled");
  }

  @Test
  void checkFailsWhenTheBarIsMissed() throws Exception {
    Path file =
        write(
            "G,nvidia-a100-sxm-80gb,1,gemm-8192x12288x12288,fp16,kernel,,,,,,,,latency,1000,ms,x\n");
    CliRun run = CliRun.of("validate", file.toString(), "--check");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("validation bar missed");
  }

  @Test
  void aMalformedFileIsReportedWithLinesAndNothingIsPredicted() throws Exception {
    Path file = write("A,nvidia-t4,two,resnet-50,int8,offline,,,,,,,,throughput,100,samples/s,s\n");
    CliRun run = CliRun.of("validate", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("m.csv:2: field 'count': expected a whole number, got 'two'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingFileIsAnError() {
    CliRun run = CliRun.of("validate", dir.resolve("absent.csv").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no such file");
  }
}
