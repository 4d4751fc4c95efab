package dev.blueprint.edge.tf.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * TensorFlow stays here, on the desktop: this module turns SavedModels into the runtime's graphs
 * and trains the examples; it needs no GUI, broker or fleet side, and nothing of the device daemon.
 */
@AnalyzeClasses(
    packages = "dev.blueprint.edge.tf",
    importOptions = ImportOption.DoNotIncludeTests.class)
class TfImportArchitectureTest {
  @ArchTest
  static final ArchRule aDesktopImporterNotAFleetTool =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "javafx..",
              "org.eclipse.paho..",
              "io.moquette..",
              "dev.blueprint.edge.agent..",
              "dev.blueprint.edge.mqtt..",
              "dev.blueprint.edge.coordinator..",
              "dev.blueprint.app..")
          .because("importing and training models needs graphs and TensorFlow, not a device");

  @ArchTest
  static final ArchRule theImporterNeverReachesBackIntoItsCommands =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.edge.tf")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.blueprint.edge.tf.cli..")
          .because("the commands are a thin layer over the importer, not the other way round");
}
