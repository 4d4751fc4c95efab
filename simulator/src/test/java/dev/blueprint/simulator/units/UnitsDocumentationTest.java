package dev.blueprint.simulator.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/units.md lists exactly what the parsers accept, so the documentation cannot drift. */
class UnitsDocumentationTest {
  @Test
  void everyAcceptedSymbolIsDocumented() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "units.md"));
    for (UnitTable table :
        List.of(
            DataSize.units(),
            Bandwidth.units(),
            FlopCount.units(),
            FlopRate.units(),
            TimeSpan.units(),
            RequestRate.units(),
            Money.units(),
            MoneyRate.units(),
            Power.units(),
            Counts.units())) {
      for (String symbol : table.symbols()) {
        if (!symbol.isEmpty()) {
          assertThat(doc).as("docs/units.md mentions %s", symbol).contains("`" + symbol + "`");
        }
      }
    }
  }
}
