package dev.blueprint.edge.ota;

/**
 * Dotted version numbers compared number by number ({@code 0.10.0 > 0.9.2}); a suffix after '-' is
 * ignored.
 */
public final class Versions {
  private Versions() {}

  public static int compare(String a, String b) {
    String[] x = a.split("-", 2)[0].split("\\.");
    String[] y = b.split("-", 2)[0].split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? number(x[i], a) : 0;
      long q = i < y.length ? number(y[i], b) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static long number(String part, String whole) {
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      throw new Rejection(
          Rejection.Reason.MALFORMED, "version '" + whole + "' is not dotted numbers like 1.2.0");
    }
  }
}
