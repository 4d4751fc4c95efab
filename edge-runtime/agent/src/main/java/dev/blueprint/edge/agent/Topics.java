package dev.blueprint.edge.agent;

import java.util.regex.Pattern;

/** The topic tree of docs/mqtt-contract.md. */
public final class Topics {
  private Topics() {}

  public static final String ROOT = "bp/v1/devices/";
  public static final int CONTRACT = 1;
  private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9_-]{1,64}");

  public static String checkDeviceId(String id) {
    if (!DEVICE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("device id '" + id + "' must be 1-64 of a-z 0-9 - _");
    }
    return id;
  }

  public static String presence(String device) {
    return ROOT + device + "/presence";
  }

  public static String register(String device) {
    return ROOT + device + "/register";
  }

  public static String status(String device) {
    return ROOT + device + "/status";
  }

  public static String telemetry(String device) {
    return ROOT + device + "/telemetry";
  }

  public static String offer(String device) {
    return ROOT + device + "/offer";
  }

  public static String fetch(String device) {
    return ROOT + device + "/fetch";
  }

  public static String chunk(String device) {
    return ROOT + device + "/chunk";
  }

  /** Coordinator to device: a signed federated round offer; retained, empty withdraws it. */
  public static String flOffer(String device) {
    return ROOT + device + "/fl/offer";
  }

  /** Device to coordinator: a chunk of the device's encoded update. */
  public static String flUpload(String device) {
    return ROOT + device + "/fl/upload";
  }

  /** Coordinator to device: which chunks of its update are still missing. */
  public static String flAck(String device) {
    return ROOT + device + "/fl/ack";
  }

  /**
   * Device to coordinator: why the device sends nothing for a round (ineligible, stopped, failed).
   */
  public static String flStatus(String device) {
    return ROOT + device + "/fl/status";
  }

  /** The device id in a topic of the tree, or null. */
  public static String deviceOf(String topic) {
    if (!topic.startsWith(ROOT)) {
      return null;
    }
    int slash = topic.indexOf('/', ROOT.length());
    return slash < 0 ? null : topic.substring(ROOT.length(), slash);
  }

  /**
   * What follows the device id: presence, register, status, telemetry, offer, fetch, chunk,
   * fl/offer, fl/upload, fl/ack or fl/status (the whole topic if it is not in the tree).
   */
  public static String kindOf(String topic) {
    String device = deviceOf(topic);
    return device == null ? topic : topic.substring(ROOT.length() + device.length() + 1);
  }
}
