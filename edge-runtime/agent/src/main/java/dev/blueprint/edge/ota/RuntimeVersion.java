package dev.blueprint.edge.ota;

/** This runtime's version, matched against a bundle's {@code min_runtime}. */
public final class RuntimeVersion {
  private RuntimeVersion() {}

  /** From the jar manifest; the project version when run from classes. */
  public static final String CURRENT = current();

  private static String current() {
    String v = RuntimeVersion.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
