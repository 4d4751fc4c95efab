package dev.blueprint.edge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The device module's arrows (docs/architecture.md): what a device runs may use of the simulator
 * only its value types and predictions, never a GUI, TensorFlow or OpenCL; MQTT only through the
 * link; logging back ends only in the bootstrap; no package cycles.
 */
@AnalyzeClasses(
    packages = "dev.blueprint.edge",
    importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {
  /**
   * The simulator packages a device may use: units, hardware and model profiles, the YAML reader
   * with its file:line errors, performance predictions, and the fleet policies the coordinator and
   * the fleet what-if share.
   */
  static final String[] SIMULATOR_PACKAGES_FOR_THE_EDGE = {
    "dev.blueprint.simulator.units..",
    "dev.blueprint.simulator.hardware..",
    "dev.blueprint.simulator.model..",
    "dev.blueprint.simulator.io..",
    "dev.blueprint.simulator.perf..",
    "dev.blueprint.simulator.fleet..",
  };

  @ArchTest
  static final ArchRule onlyTheSimulatorsValueTypesAndPredictions =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.edge..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "simulator classes outside units, hardware, model, io, perf and fleet",
                  c ->
                      c.getPackageName().startsWith("dev.blueprint.simulator")
                          && !inAny(c.getPackageName(), SIMULATOR_PACKAGES_FOR_THE_EDGE)))
          .because("a device runs the agent, not the design engine (docs/architecture.md)");

  @ArchTest
  static final ArchRule noGuiTensorFlowOrOpenCl =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.edge..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "org.tensorflow..", "org.lwjgl..", "java.awt..")
          .because("the device jar runs headless; OpenCL is found through ServiceLoader");

  @ArchTest
  static final ArchRule mqttOnlyThroughTheLink =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.blueprint.edge.mqtt..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eclipse.paho..")
          .because("the agent's parts talk MQTT through MqttLink, so tests can run them in memory");

  @ArchTest
  static final ArchRule loggingBackEndsOnlyInTheBootstrap =
      noClasses()
          .that()
          .haveNameNotMatching("dev\\.blueprint\\.edge\\.cli\\.Logging(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.util.logging..", "org.slf4j..", "ch.qos.logback..")
          .because("libraries log through System.Logger; the entry point picks the back end");

  @ArchTest
  static final ArchRule standardStreamsOnlyInTheCommandLine =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.blueprint.edge.cli..")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .because("a daemon says what it does through its log");

  /** Who may use whom inside the device runtime, as each package-info.java says. */
  @ArchTest
  static final ArchRule packagesUseOnlyWhatTheirPackageInfoSays =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("model")
          .definedBy("dev.blueprint.edge.model..")
          .layer("kernels")
          .definedBy("dev.blueprint.edge.kernels..")
          .layer("runtime")
          .definedBy("dev.blueprint.edge.runtime..")
          .layer("quant")
          .definedBy("dev.blueprint.edge.quant..")
          .layer("data")
          .definedBy("dev.blueprint.edge.data..")
          .layer("ota")
          .definedBy("dev.blueprint.edge.ota..")
          .layer("mqtt")
          .definedBy("dev.blueprint.edge.mqtt..")
          .layer("shipped")
          .definedBy("dev.blueprint.edge.shipped..")
          .layer("probe")
          .definedBy("dev.blueprint.edge.probe..")
          .layer("prediction")
          .definedBy("dev.blueprint.edge.prediction..")
          .layer("fl")
          .definedBy("dev.blueprint.edge.fl..")
          .layer("agent")
          .definedBy("dev.blueprint.edge.agent..")
          .layer("cli")
          .definedBy("dev.blueprint.edge.cli..")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("agent")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("fl")
          .mayOnlyBeAccessedByLayers("agent", "cli")
          .whereLayer("prediction")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("probe")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("shipped")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("mqtt")
          .mayOnlyBeAccessedByLayers("fl", "agent", "cli")
          .whereLayer("ota")
          .mayOnlyBeAccessedByLayers("agent", "cli")
          .whereLayer("data")
          .mayOnlyBeAccessedByLayers("shipped", "fl", "agent", "cli")
          .whereLayer("quant")
          .mayOnlyBeAccessedByLayers("probe", "cli")
          .whereLayer("runtime")
          .mayOnlyBeAccessedByLayers(
              "quant", "data", "ota", "shipped", "probe", "fl", "agent", "cli")
          .whereLayer("kernels")
          .mayOnlyBeAccessedByLayers("runtime", "quant", "probe", "fl")
          .whereLayer("model")
          .mayOnlyBeAccessedByLayers(
              "kernels",
              "runtime",
              "quant",
              "data",
              "ota",
              "shipped",
              "probe",
              "prediction",
              "fl",
              "agent",
              "cli")
          .whereLayer("mqtt")
          .mayNotAccessAnyLayer()
          .whereLayer("model")
          .mayNotAccessAnyLayer();

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.blueprint.edge.(*)..").should().beFreeOfCycles();

  static boolean inAny(String pkg, String[] patterns) {
    for (String p : patterns) {
      String prefix = p.substring(0, p.length() - 2);
      if (pkg.equals(prefix) || pkg.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }
}
