package dev.blueprint.simulator.io;

import java.util.Objects;

/**
 * The text of a file or classpath resource with the name to show the user.
 *
 * @param origin a path or resource name ({@code hardware-profiles/nvidia-t4.yaml})
 * @param text the whole content
 */
public record TextFile(String origin, String text) {
  public TextFile {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(text, "text");
  }

  /** The file name without folders. */
  public String fileName() {
    String normalised = origin.replace('\\', '/');
    return normalised.substring(normalised.lastIndexOf('/') + 1);
  }
}
