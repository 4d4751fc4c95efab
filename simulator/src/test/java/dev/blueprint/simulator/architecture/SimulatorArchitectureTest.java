package dev.blueprint.simulator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
}
