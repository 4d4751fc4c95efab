package dev.blueprint.edge.coordinator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The fleet side runs headless on a server: no GUI, TensorFlow or OpenCL, no desktop app. */
@AnalyzeClasses(
    packages = "dev.blueprint.edge.coordinator",
    importOptions = ImportOption.DoNotIncludeTests.class)
class CoordinatorArchitectureTest {
  @ArchTest
  static final ArchRule headless =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "javafx..", "org.tensorflow..", "org.lwjgl..", "java.awt..", "dev.blueprint.app..")
          .because("the coordinator is a headless service (docs/architecture.md)");

  @ArchTest
  static final ArchRule loggingThroughSystemLogger =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.util.logging..", "org.slf4j..", "ch.qos.logback..")
          .because("libraries log through System.Logger; the entry point picks the back end");

  @ArchTest
  static final ArchRule onlyTheSimulatorsValueTypesAndPolicies =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.blueprint.simulator.design..",
              "dev.blueprint.simulator.des..",
              "dev.blueprint.simulator.sweep..",
              "dev.blueprint.simulator.report..")
          .because("the fleet side uses the simulator's value types, predictions and policies");

  @ArchTest
  static final ArchRule mqttOnlyThroughTheLink =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eclipse.paho..")
          .because(
              "the coordinator talks MQTT through MqttLink, so it can run on the in-memory broker");

  @ArchTest
  static final ArchRule federatedMathsIsPure =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.edge.coordinator.fl..")
          .and()
          .resideOutsideOfPackage("dev.blueprint.edge.coordinator.fl.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.eclipse.paho..",
              "io.moquette..",
              "dev.blueprint.edge.mqtt..",
              "java.sql..",
              "org.sqlite..",
              "java.net..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.blueprint.edge.coordinator")
          .because(
              "aggregation and server optimizers are plain maths the coordinator, fl simulate and"
                  + " the drill share; transport and storage stay outside (docs/federated.md)");

  @ArchTest
  static final ArchRule roundStoreIsStorageOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.edge.coordinator.fl.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.eclipse.paho..",
              "io.moquette..",
              "dev.blueprint.edge.mqtt..",
              "java.net..",
              "dev.blueprint.edge.coordinator.fl.simulation..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("dev.blueprint.edge.coordinator")
          .because(
              "the round store keeps rounds in SQLite; it neither talks to devices nor runs rounds");
}
