package dev.blueprint.app.report;

/** The version of Blueprint that produced a report or a recorded run. */
public final class BlueprintVersion {
  private BlueprintVersion() {}

  /** The version from the jar manifest, or "development" when run from classes. */
  public static String current() {
    String version = BlueprintVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
