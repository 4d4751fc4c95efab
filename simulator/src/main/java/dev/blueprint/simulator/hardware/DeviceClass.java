package dev.blueprint.simulator.hardware;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The family of devices whose kernels behave alike: one architecture generation of one vendor, or
 * one kind of accelerator. Efficiency parameters are calibrated per class and validation results
 * are reported per class, since a measurement on one H100 says much about an H200 and little about
 * a TPU.
 */
public enum DeviceClass {
  NVIDIA_VOLTA("nvidia-volta", "NVIDIA Volta"),
  NVIDIA_TURING("nvidia-turing", "NVIDIA Turing"),
  NVIDIA_AMPERE("nvidia-ampere", "NVIDIA Ampere"),
  NVIDIA_ADA("nvidia-ada", "NVIDIA Ada Lovelace"),
  NVIDIA_HOPPER("nvidia-hopper", "NVIDIA Hopper"),
  NVIDIA_BLACKWELL("nvidia-blackwell", "NVIDIA Blackwell"),
  NVIDIA_JETSON("nvidia-jetson", "NVIDIA Jetson"),
  AMD_INSTINCT("amd-instinct", "AMD Instinct"),
  GOOGLE_TPU("google-tpu", "Google TPU"),
  INTEL_GAUDI("intel-gaudi", "Intel Gaudi"),
  AWS_NEURON("aws-neuron", "AWS Inferentia/Trainium"),
  QUALCOMM_CLOUD_AI("qualcomm-cloud-ai", "Qualcomm Cloud AI"),
  SERVER_CPU("server-cpu", "server CPUs"),
  EDGE_NPU("edge-npu", "edge NPUs"),
  ARM_SBC("arm-sbc", "Arm single-board computers"),
  APPLE_SILICON("apple-silicon", "Apple silicon"),
  /** A profile that names no class: its predictions are not covered by any validation. */
  UNCLASSIFIED("unclassified", "unclassified devices");

  private final String id;
  private final String displayName;

  DeviceClass(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /** The name used in profiles ({@code device_class: nvidia-hopper}). */
  public String id() {
    return id;
  }

  /** The name people read ("NVIDIA Hopper"). */
  public String displayName() {
    return displayName;
  }

  /**
   * Reads a class name, case-insensitively.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static DeviceClass parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (DeviceClass c : values()) {
      if (c.id.equals(wanted)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values()).map(DeviceClass::id).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
