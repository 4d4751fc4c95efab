package dev.blueprint.app.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
