package dev.blueprint.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedModelCatalogTest {
  static final List<String> REQUIRED_IDS =
      List.of(
          "resnet-50",
          "mobilenet-v2",
          "efficientnet-b0",
          "yolov8n",
          "yolo11n",
          "retinanet",
          "3d-unet",
          "rnn-t",
          "sdxl",
          "vit-b-16",
          "bert-base",
          "bert-large",
          "dlrm-v2",
          "wide-and-deep",
          "two-tower-retrieval",
          "gpt-j-6b",
          "llama-2-7b",
          "llama-2-13b",
          "llama-2-70b",
          "llama-3-70b",
          "llama-3.1-8b",
          "llama-3.1-70b",
          "llama-3.1-405b",
          "mixtral-8x7b",
          "gpt-3-175b",
          "megatron-22b",
          "mt-nlg-530b",
          "megatron-1t",
          "whisper-small",
          "deepseek-v3",
          "deepseek-r1",
          "qwen3-30b-a3b",
          "qwen3-235b-a22b",
          "gpt-oss-120b",
          "llama-4-scout",
          "llama-4-maverick",
          "mixtral-8x22b",
          "gemma-3-27b",
          "nemotron-4-340b",
          "mpt-3b",
          "mpt-7b",
          "mpt-13b",
          "mpt-30b",
          "mpt-70b",
          "llama-3.2-3b",
          "tinyllama-1.1b",
          "mobilenet-v1",
          "ssd-mobilenet-v2");

  static ModelCatalog catalog;

  @BeforeAll
  static void load() {
    catalog = ModelCatalog.shipped();
  }

  @Test
  void everyShippedProfileLoadsWithoutProblems() {
    assertThat(catalog.profiles().problems()).isEmpty();
  }

  @Test
  void holdsAtLeastTwentyFiveProfilesAndEveryRequiredId() {
    assertThat(catalog.profiles().size()).isGreaterThanOrEqualTo(25);
    assertThat(catalog.profiles().ids()).containsAll(REQUIRED_IDS);
  }

  static List<ModelProfile> withPublishedParams() {
    return ModelCatalog.shipped().profiles().all().stream()
        .filter(p -> p.published().params().isPresent())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withPublishedParams")
  void derivedParametersMatchThePublishedFigureWithinTwoPercent(ModelProfile profile) {
    double published = profile.published().params().getAsDouble();
    assertThat(profile.parameterCount() / published).isCloseTo(1.0, within(0.02));
    profile
        .published()
        .activeParams()
        .ifPresent(
            active ->
                assertThat(comparableActiveParameters(profile) / active)
                    .isCloseTo(1.0, within(0.02)));
  }

  /** The derived active count, counted the way the publisher counted it. */
  static double comparableActiveParameters(ModelProfile profile) {
    double active = profile.activeParameterCount();
    if (profile.published().activeExcludesInputEmbedding()) {
      active -= profile.transformer().orElseThrow().inputEmbeddingParams();
    }
    return active;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withPublishedParams")
  void derivedMacsMatchThePublishedFigureWithinTwoPercent(ModelProfile profile) {
    if (profile.published().macsPerSample().isEmpty()) {
      return;
    }
    double macs =
        profile.structure() instanceof LayerStack stack
            ? stack.macsPerSample()
            : profile
                .transformer()
                .orElseThrow()
                .forwardMacs(profile.transformer().orElseThrow().defaultSequence());
    assertThat(macs / profile.published().macsPerSample().getAsDouble())
        .isCloseTo(1.0, within(0.02));
  }

  /** The headline figures the issue names, checked on the exact ids. */
  @ParameterizedTest
  @CsvSource({
    "resnet-50, 25.6e6",
    "bert-large, 340e6",
    "llama-3.1-8b, 8.03e9",
    "llama-3.1-70b, 70.6e9",
    "mixtral-8x7b, 46.7e9",
    "yolo11n, 2.6e6",
  })
  void headlineParameterCounts(String id, double expected) {
    assertThat(catalog.get(id).parameterCount() / expected).isCloseTo(1.0, within(0.02));
  }

  @Test
  void resnet50HasAboutFourPointOneGigaMacs() {
    LayerStack stack = (LayerStack) catalog.get("resnet-50").structure();
    assertThat(stack.macsPerSample() / 4.1e9).isCloseTo(1.0, within(0.02));
  }

  @Test
  void mixtralActivatesAboutTwelvePointNineBillion() {
    assertThat(catalog.get("mixtral-8x7b").activeParameterCount() / 12.9e9)
        .isCloseTo(1.0, within(0.02));
  }

  @Test
  void llama31With8KvHeadsHoldsOneHundredTwentyEightKibPerTokenInSixteenBits() {
    TransformerArchitecture arch = catalog.get("llama-3.1-8b").transformer().orElseThrow();
    assertThat(arch.kvElementsPerToken() * 2).isEqualTo(131072.0);
  }

  /** The yolo11.yaml summary counts 2,624,080 parameters (BN and the fixed DFL conv included). */
  @Test
  void yolo11nDerivesTheExactParameterCountOfItsYamlSummary() {
    assertThat(catalog.get("yolo11n").parameterCount()).isEqualTo(2_624_080.0);
  }

  /**
   * MLPerf's RetinaNet has no published totals (MLCommons lists its parameters as TBD); its
   * backbone is torchvision's ResNeXt50_32x4d (25,028,904 parameters) without the classifier and
   * with frozen batch norms, whose 2 x 34,112 channel scales and shifts are buffers.
   */
  @Test
  void retinanetBackboneIsTorchvisionsResnext50WithoutClassifierAndFrozenNorms() {
    LayerStack stack = (LayerStack) catalog.get("retinanet").structure();
    double backbone =
        stack.layers().stream()
            .filter(l -> l.name().startsWith("backbone.body"))
            .mapToDouble(Layer::params)
            .sum();
    assertThat(backbone).isEqualTo(25_028_904.0 - (2048 * 1000 + 1000) - 2 * 34_112);
  }

  /**
   * MLPerf's 3D U-Net segments a KiTS19 volume with 128^3 patches: 2,761 patches over the 43 cases
   * of the inference set, so one sample repeats the patch 64.21 times on average. No parameter
   * count is published for it; its 119 MiB fp32 checkpoint is the derived count.
   */
  @Test
  void threeDUnetRepeatsOnePatchOverTheSlidingWindowOfTheAverageCase() {
    LayerStack stack = (LayerStack) catalog.get("3d-unet").structure();
    assertThat(stack.layers()).allSatisfy(l -> assertThat(l.repeats()).isEqualTo(64.21));
    assertThat(2761.0 / 43).isCloseTo(64.21, within(0.005));
    double patch = stack.layers().stream().mapToDouble(Layer::macsPerSample).sum();
    assertThat(stack.macsPerSample() / (64.21 * patch)).isCloseTo(1.0, within(1e-9));
    assertThat(stack.parameterCount() * 4 / (1 << 20)).isCloseTo(119.0, within(0.5));
  }

  /**
   * llm-foundry's training benchmarks log the parameter count of the model they ran; the MPT
   * profiles (pretraining yaml on MPTConfig's defaults) derive it to the parameter.
   */
  @ParameterizedTest
  @CsvSource({
    "mpt-3b, 2651837440",
    "mpt-7b, 6658859008",
    "mpt-13b, 12853954560",
    "mpt-30b, 29975214080",
    "mpt-70b, 64862437376",
  })
  void mptProfilesDeriveTheParameterCountTheBenchmarkRunsLogged(String id, double logged) {
    assertThat(catalog.get(id).parameterCount()).isEqualTo(logged);
  }

  /**
   * SSD MobileNet v2 at 300x300 predicts over 1917 anchors: 3 per cell of the 19x19 map and 6 per
   * cell of the 10x10, 5x5, 3x3, 2x2 and 1x1 maps, each with 4 box codes and 90 + 1 class scores.
   */
  @Test
  void ssdMobilenetV2PredictsOverItsNineteenHundredSeventeenAnchors() {
    LayerStack stack = (LayerStack) catalog.get("ssd-mobilenet-v2").structure();
    assertThat(outputElements(stack, "BoxEncodingPredictor")).isEqualTo(1917 * 4);
    assertThat(outputElements(stack, "ClassPredictor")).isEqualTo(1917 * 91);
  }

  /** Output elements of the layers whose names end with the suffix, read from their shapes. */
  private static long outputElements(LayerStack stack, String suffix) {
    return stack.layers().stream()
        .filter(l -> l.name().endsWith(suffix))
        .mapToLong(
            l -> {
              String out = l.description().split(" -> ")[1].split(" ")[0];
              long elements = 1;
              for (String d : out.split("x")) {
                elements *= Long.parseLong(d);
              }
              return elements;
            })
        .sum();
  }

  /**
   * MLPerf's RNN-T: per utterance of LibriSpeech dev-clean (at most 15 s), 208.79 encoder frames,
   * 104.64 after the time stack and 104.64 + 92.90 greedy-decoding attempts; its parameters are
   * those of PyTorch's LSTMs (4H(in + H) weights, two 4H biases) and linear layers in rnnt.toml.
   */
  @Test
  void rnntRunsItsLstmsOverTheAverageUtteranceOfTheDataSet() {
    LayerStack stack = (LayerStack) catalog.get("rnn-t").structure();
    assertThat(catalog.get("rnn-t").family()).isEqualTo(ModelFamily.RNN);
    Layer firstRecurrence = stack.layers().get(1);
    assertThat(firstRecurrence.name()).isEqualTo("encoder.pre_rnn.0.recurrent");
    assertThat(firstRecurrence.repeats()).isEqualTo(208.79);
    assertThat(stack.layers().get(stack.layers().size() - 1).repeats()).isEqualTo(197.54);
    double encoder = lstm(240, 1024) + lstm(1024, 1024) + lstm(2048, 1024) + 2 * lstm(1024, 1024);
    double prediction = 28 * 320 + 2 * lstm(320, 320);
    double joint = (1344 * 512 + 512) + (512 * 29 + 29);
    assertThat(stack.parameterCount()).isEqualTo(encoder + prediction + joint);
  }

  private static double lstm(int in, int hidden) {
    return 4.0 * hidden * (in + hidden) + 8.0 * hidden;
  }

  /**
   * One MLPerf SDXL sample is one image: both text encoders once on the prompt and the negative
   * prompt, the UNet 20 steps on two latents (classifier-free guidance), the VAE decoder once. The
   * UNet and text-encoder parameters are the module counts of the released weights.
   */
  @Test
  void sdxlSampleIsTextEncodersOnceTwentyGuidedUnetStepsAndOneDecode() {
    LayerStack stack = (LayerStack) catalog.get("sdxl").structure();
    List<Layer> unet = stack.layers().stream().filter(l -> l.name().startsWith("unet.")).toList();
    List<Layer> text =
        stack.layers().stream().filter(l -> l.name().startsWith("text_encoder")).toList();
    assertThat(unet).allSatisfy(l -> assertThat(l.repeats()).isEqualTo(20));
    assertThat(text).allSatisfy(l -> assertThat(l.repeats()).isEqualTo(1));
    assertThat(unet.stream().mapToDouble(Layer::params).sum()).isEqualTo(2_567_463_684.0);
    assertThat(text.stream().mapToDouble(Layer::params).sum())
        .isEqualTo(123_060_480.0 + 694_659_840.0);
    // 40 evaluations of about 3.38 TMACs each dominate the 140.6 TMACs of an image
    double unetMacs = unet.stream().mapToDouble(Layer::totalMacsPerSample).sum();
    assertThat(unetMacs / 40 / 3.38e12).isCloseTo(1.0, within(0.01));
    assertThat(stack.macsPerSample() / 140.6e12).isCloseTo(1.0, within(0.01));
  }
}
