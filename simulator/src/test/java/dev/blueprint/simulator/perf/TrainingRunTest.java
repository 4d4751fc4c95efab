package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingRunTest {
  final HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
  final ModelProfile llama70b = ModelCatalog.shipped().get("llama-3.1-70b");
  final ModelProfile llama8b = ModelCatalog.shipped().get("llama-3.1-8b");

  /** The README's example: Llama 3.1 70B on 512 H100s, tp 4, pp 4, fp8, 1T tokens. */
  TrainingSetup readmeSetup() {
    return new TrainingSetup(
        512,
        4,
        4,
        1,
        1,
        Training.defaultGlobalBatch(512, 4, 4, 1, 1, 8192),
        1,
        8192,
        Precision.FP8,
        Recompute.SELECTIVE,
        true,
        1,
        AttentionKernel.FLASH);
  }

  TrainingJob job(double tokens, TimeSpan deviceMtbf) {
    return new TrainingJob(
        tokens, deviceMtbf, Bandwidth.gigabytesPerSecond(100), PricingTier.ON_DEMAND);
  }

  @ParameterizedTest(name = "{0} devices, tp {1}, micro-batch {2}, sequence {3}: {4} sequences")
  @CsvSource(
      textBlock =
          """
          # devices, tp, micro-batch, sequence, expected global batch
          512, 16, 1, 8192, 512
          64,  1,  1, 8192, 512
          64,  1,  2, 2048, 2048
          64,  1,  1, 100000, 64
          8,   8,  1, 4096, 1024
          """)
  void defaultGlobalBatchIsTheDataParallelMultipleClosestToFourMillionTokens(
      int devices, int tp, int microBatch, int sequence, int expected) {
    assertThat(Training.defaultGlobalBatch(devices, tp, 1, 1, microBatch, sequence))
        .isEqualTo(expected);
  }

  @Test
  void defaultGlobalBatchNeedsDevicesInWholeModelReplicas() {
    assertThatThrownBy(() -> Training.defaultGlobalBatch(7, 2, 1, 1, 1, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("devices (7) must be a multiple of tp x pp x cp (2)");
  }

  @Test
  void checkpointHoldsFourteenBytesPerParameter() {
    var arch = llama70b.transformer().orElseThrow();
    assertThat(Training.checkpointSize(arch).bytes())
        .isEqualTo(arch.parameterCount() * 14)
        .isCloseTo(988e9, within(1e9));
  }

  @Test
  void readmeRunTakesTheStepsItsTokensNeedAndPaysForCheckpointsAndFailures() {
    TrainingRun run =
        Training.run(llama70b, h100, readmeSetup(), job(1e12, TrainingJob.DEFAULT_DEVICE_MTBF));

    assertThat(run.dataParallel()).isEqualTo(32);
    assertThat(run.step().tokensPerStep()).isEqualTo(512 * 8192.0);
    // 1T tokens over 4,194,304 per step, rounded up to whole steps.
    assertThat(run.steps()).isEqualTo(238_419);
    assertThat(run.compute().seconds()).isEqualTo(run.steps() * run.step().stepSeconds());
    // 15.92 days before the tensor-parallel all-reduces were charged by message size (the H100's
    // measured all-reduce sweep, docs/calibration.md).
    assertThat(run.compute().days()).isCloseTo(16.26, within(0.01));

    TrainingRun.Checkpoints c = run.checkpoints();
    assertThat(c.state().bytes()).isCloseTo(988e9, within(1e9));
    assertThat(c.write().seconds()).isCloseTo(9.88, within(0.01));
    // 50,700 device-hours between interruptions shared by 512 devices: 4.12 days.
    assertThat(c.jobMtbf().seconds())
        .isCloseTo(TrainingJob.DEFAULT_DEVICE_MTBF.seconds() / 512, within(1e-6));
    assertThat(c.jobMtbf().days()).isCloseTo(4.12, within(0.01));
    // Young's first-order interval sqrt(2·δ·M) is within a percent of Daly's.
    double young = Math.sqrt(2 * c.write().seconds() * c.jobMtbf().seconds());
    assertThat(c.interval().seconds() / young).isCloseTo(1, within(0.01));
    assertThat(c.interval().seconds() / 60).isCloseTo(44.1, within(0.05));
    assertThat(c.restart()).isEqualTo(TimeSpan.seconds(600));
    assertThat(c.overheadFactor()).isCloseTo(1.009, within(0.001));

    assertThat(run.wall().seconds()).isEqualTo(run.compute().seconds() * c.overheadFactor());
    assertThat(run.wall().days()).isCloseTo(16.41, within(0.01));
    assertThat(run.cost().dollarsPerHour()).isCloseTo(1530.88, within(0.01));
    assertThat(run.totalCost().dollars())
        .isCloseTo(run.cost().dollarsPerHour() * run.wall().hours(), within(1e-6))
        .isCloseTo(602_880, within(1.0));
  }

  @Test
  void devicesThatFailMoreOftenCostMoreWallTime() {
    TrainingRun reliable =
        Training.run(llama70b, h100, readmeSetup(), job(1e12, TrainingJob.DEFAULT_DEVICE_MTBF));
    TrainingRun flaky =
        Training.run(llama70b, h100, readmeSetup(), job(1e12, TimeSpan.hours(5000)));
    assertThat(flaky.compute()).isEqualTo(reliable.compute());
    assertThat(flaky.checkpoints().interval()).isLessThan(reliable.checkpoints().interval());
    assertThat(flaky.wall()).isGreaterThan(reliable.wall());
  }

  @Test
  void aJobThatFailsFasterThanItRecoversIsRejected() {
    assertThatThrownBy(
            () -> Training.run(llama70b, h100, readmeSetup(), job(1e12, TimeSpan.hours(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the job would not progress");
  }

  @Test
  void aStepThatDoesNotFitNamesEveryPartAndTheCapacity() {
    TrainingSetup eightDevices =
        new TrainingSetup(
            8,
            1,
            1,
            1,
            1,
            Training.defaultGlobalBatch(8, 1, 1, 1, 1, 8192),
            1,
            8192,
            Precision.BF16,
            Recompute.NONE,
            false,
            1,
            AttentionKernel.FLASH);
    assertThatThrownBy(
            () ->
                Training.run(
                    llama70b, h100, eightDevices, job(1e12, TrainingJob.DEFAULT_DEVICE_MTBF)))
        .isInstanceOf(MemoryFit.DoesNotFitException.class)
        .hasMessageStartingWith("does not fit: training llama-3.1-70b needs ")
        .hasMessageContaining("weights 141GB")
        .hasMessageContaining("but nvidia-h100-sxm-80gb has 85.5GB");
  }

  @Test
  void jobRejectsNonPositiveTokensMtbfAndBandwidth() {
    assertThatThrownBy(() -> job(0, TrainingJob.DEFAULT_DEVICE_MTBF))
        .hasMessage("tokens must be positive and finite, got 0.0");
    assertThatThrownBy(() -> job(1e9, TimeSpan.ZERO))
        .hasMessageStartingWith("device MTBF must be positive");
    assertThatThrownBy(
            () ->
                new TrainingJob(
                    1e9, TrainingJob.DEFAULT_DEVICE_MTBF, Bandwidth.of(0), PricingTier.SPOT))
        .hasMessageStartingWith("checkpoint bandwidth must be positive");
  }

  @Test
  void defaultsAreTheCommandLinesDefaults() {
    TrainingJob job = TrainingJob.withDefaults(1e12);
    assertThat(job.checkpointBandwidth()).isEqualTo(Bandwidth.parse("100GB/s"));
    assertThat(job.deviceMtbf().hours()).isCloseTo(50_700, within(50.0));
    assertThat(job.pricing()).isEqualTo(PricingTier.ON_DEMAND);
  }

  @Test
  void smallerModelCheckpointsFaster() {
    TrainingSetup setup =
        new TrainingSetup(
            64,
            1,
            1,
            1,
            1,
            Training.defaultGlobalBatch(64, 1, 1, 1, 1, 8192),
            1,
            8192,
            Precision.BF16,
            Recompute.SELECTIVE,
            false,
            1,
            AttentionKernel.FLASH);
    TrainingRun small =
        Training.run(llama8b, h100, setup, job(3e11, TrainingJob.DEFAULT_DEVICE_MTBF));
    TrainingRun big =
        Training.run(llama70b, h100, readmeSetup(), job(3e11, TrainingJob.DEFAULT_DEVICE_MTBF));
    assertThat(small.checkpoints().write()).isLessThan(big.checkpoints().write());
  }
}
