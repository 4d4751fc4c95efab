package dev.blueprint.edge.opencl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The OpenCL back end is a runtime plug-in: kernels and graphs in, nothing of the daemon. */
@AnalyzeClasses(
    packages = "dev.blueprint.edge.opencl",
    importOptions = ImportOption.DoNotIncludeTests.class)
class OpenClArchitectureTest {
  @ArchTest
  static final ArchRule onlyTheRuntimeItPlugsInto =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.blueprint.edge.agent..",
              "dev.blueprint.edge.ota..",
              "dev.blueprint.edge.mqtt..",
              "dev.blueprint.edge.cli..",
              "dev.blueprint.simulator..",
              "javafx..",
              "org.tensorflow..")
          .because("a back end is found through ServiceLoader and knows only graphs and kernels");
}
