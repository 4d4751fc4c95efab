package dev.blueprint.edge.publisher.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The publisher's tools are desktop commands over the agent's libraries, nothing more. */
@AnalyzeClasses(
    packages = "dev.blueprint.edge.publisher",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PublisherArchitectureTest {
  @ArchTest
  static final ArchRule noGuiBrokerOrFleetSide =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "javafx..",
              "org.tensorflow..",
              "org.lwjgl..",
              "io.moquette..",
              "org.eclipse.paho..",
              "dev.blueprint.edge.coordinator..",
              "dev.blueprint.edge.agent..",
              "dev.blueprint.app..")
          .because("making a release needs keys, models and bundles, not a device or a broker");
}
