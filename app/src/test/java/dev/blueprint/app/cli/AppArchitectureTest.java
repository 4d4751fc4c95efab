package dev.blueprint.app.cli;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.blueprint", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {
  @ArchTest
  static final ArchRule onlyTheEntryPointTouchesTheProcessStreams =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(BlueprintCommand.class.getName())
          // The edge runtime's own entry point (on the class path through the Fleet tab).
          .and()
          .doNotHaveFullyQualifiedName("dev.blueprint.edge.cli.EdgeCli")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .because(
              "commands print through the writers picocli gives them, so tests can capture them");

  @ArchTest
  static final ArchRule theWorkbenchNeverDependsOnTheCommandLine =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.app.workbench..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.blueprint.app.cli..")
          .because(
              "the workbench and the command line are two front ends over the same library calls "
                  + "(STYLE.md 2.1); what both need lives in app.report and app.history");

  @ArchTest
  static final ArchRule sharedPiecesDependOnNeitherFrontEnd =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.blueprint.app.report..",
              "dev.blueprint.app.history..",
              "dev.blueprint.app.whatif..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.blueprint.app.cli..", "dev.blueprint.app.workbench..")
          .because("reports, the run history and recorded what-if runs serve both front ends");

  @ArchTest
  static final ArchRule theWorkbenchStartsThreadsOnlyThroughItsTaskRunner =
      noClasses()
          .that()
          .resideInAPackage("dev.blueprint.app.workbench..")
          .and()
          .doNotHaveFullyQualifiedName("dev.blueprint.app.workbench.FxTaskRunner")
          .should()
          .callConstructorWhere(target(owner(assignableTo(Thread.class))))
          .orShould()
          .callMethodWhere(target(name("start")).and(target(owner(assignableTo(Thread.class)))))
          .because(
              "every background job of the workbench goes through its TaskRunner, which gives "
                  + "cancellation, progress and results on the FX thread, and runs inline in tests "
                  + "(STYLE.md 2.6, 3.3)");

  @ArchTest
  static final ArchRule appPackagesAreFreeOfCycles =
      slices().matching("dev.blueprint.app.(*)..").should().beFreeOfCycles();
}
