package dev.blueprint.simulator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The simulator stays headless and quiet: it is a library the GUI, the CLI and devices share. */
@AnalyzeClasses(
    packages = "dev.blueprint.simulator",
    importOptions = ImportOption.DoNotIncludeTests.class)
class SimulatorArchitectureTest {
  @ArchTest
  static final ArchRule noGuiMessagingTensorFlowOrOpenCl =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.simulator..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "javafx..", "org.eclipse.paho..", "org.tensorflow..", "org.lwjgl..", "java.awt..")
          .because("the simulator runs headless everywhere (ARCHITECTURE.md)");

  @ArchTest
  static final ArchRule noStandardStreams =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.simulator..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .because("only the command line prints; the library returns values and throws");

  @ArchTest
  static final ArchRule nothingPointsBackUp =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.simulator..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.blueprint.app..", "dev.blueprint.edge..");

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("dev.blueprint.simulator.(*)..").should().beFreeOfCycles();

  /**
   * The lower floors of the simulator use only what their package-info.java says: value types and
   * catalogs below, performance models above them, designs and engines on top.
   */
  @ArchTest
  static final ArchRule packagesUseOnlyWhatTheirPackageInfoSays =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("units")
          .definedBy("dev.blueprint.simulator.units..")
          .layer("io")
          .definedBy("dev.blueprint.simulator.io..")
          .layer("config")
          .definedBy("dev.blueprint.simulator.config..")
          .layer("model")
          .definedBy("dev.blueprint.simulator.model..")
          .layer("hardware")
          .definedBy("dev.blueprint.simulator.hardware..")
          .layer("cost")
          .definedBy("dev.blueprint.simulator.cost..")
          .layer("perf")
          .definedBy("dev.blueprint.simulator.perf..")
          .layer("calibrate")
          .definedBy("dev.blueprint.simulator.calibrate..")
          .whereLayer("units")
          .mayNotAccessAnyLayer()
          .whereLayer("io")
          .mayNotAccessAnyLayer()
          .whereLayer("config")
          .mayNotAccessAnyLayer()
          .whereLayer("model")
          .mayOnlyAccessLayers("units", "io")
          .whereLayer("hardware")
          .mayOnlyAccessLayers("units", "io")
          .whereLayer("cost")
          .mayOnlyAccessLayers("units", "hardware")
          .whereLayer("perf")
          .mayOnlyAccessLayers("units", "hardware", "model", "cost")
          .whereLayer("calibrate")
          .mayOnlyAccessLayers("units", "io", "hardware", "model", "perf");
}
