package dev.blueprint.edge.ota;

import java.util.regex.Pattern;

/**
 * The only file names a bundle may carry: relative, forward slashes, no {@code .} or {@code ..}
 * segments, a plain character set. Checked when a bundle is made and again on the device, so no
 * entry can be written outside the slot it is installed into (the "zip slip").
 */
public final class BundlePaths {
  private BundlePaths() {}

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  public static boolean isSafe(String path) {
    return why(path) == null;
  }

  /** Why {@code path} is refused, or null when it is safe. */
  public static String why(String path) {
    if (path.isEmpty() || path.length() > 512) {
      return "must be 1 to 512 characters";
    }
    if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
      return "must be relative, with forward slashes and no drive letter";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "must not contain '.' or '..' segments (it would leave the bundle's folder)";
      }
      if (!SEGMENT.matcher(segment).matches()) {
        return "has a segment '"
            + segment
            + "' outside [A-Za-z0-9._-] (or starting with '.' or '-')";
      }
    }
    return null;
  }

  public static void check(String path, String where) {
    String why = why(path);
    if (why != null) {
      throw new IllegalArgumentException(where + ": path '" + path + "' " + why);
    }
  }
}
