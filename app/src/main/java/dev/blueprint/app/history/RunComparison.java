package dev.blueprint.app.history;

import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Two recorded runs side by side ({@code blueprint runs compare}, the workbench's History). */
public final class RunComparison {
  private RunComparison() {}

  /**
   * Design, parameters, seed, versions and metrics of {@code a} and {@code b}; rows that differ are
   * marked, and with {@code highlight} their names are coloured for a terminal.
   */
  public static Report report(RunRecord a, RunRecord b, boolean highlight) {
    Table.Builder t =
        Table.builder("")
            .text("field", "")
            .text("a", "run " + a.id())
            .text("b", "run " + b.id())
            .text("change", "change")
            .text("differs", "differs");
    row(t, "design", a.designName(), b.designName(), highlight);
    row(
        t,
        "design SHA-256",
        a.designSha256().substring(0, 12),
        b.designSha256().substring(0, 12),
        highlight);
    Map<String, Object> pa = RunRecords.readMap(a.parameters());
    Map<String, Object> pb = RunRecords.readMap(b.parameters());
    Set<String> keys = new LinkedHashSet<>(pa.keySet());
    keys.addAll(pb.keySet());
    for (String k : keys) {
      row(
          t,
          k,
          String.valueOf(pa.getOrDefault(k, "")),
          String.valueOf(pb.getOrDefault(k, "")),
          highlight);
    }
    row(t, "what-if", a.whatIf(), b.whatIf(), highlight);
    row(t, "seed", String.valueOf(a.seed()), String.valueOf(b.seed()), highlight);
    row(
        t,
        "requests",
        a.requests().map(String::valueOf).orElse("design's"),
        b.requests().map(String::valueOf).orElse("design's"),
        highlight);
    row(t, "blueprint", a.blueprintVersion(), b.blueprintVersion(), highlight);
    Map<String, Object> ma = RunRecords.readMap(a.metrics());
    Map<String, Object> mb = RunRecords.readMap(b.metrics());
    Set<String> metrics = new LinkedHashSet<>(ma.keySet());
    metrics.addAll(mb.keySet());
    for (String k : metrics) {
      Object va = ma.get(k);
      Object vb = mb.get(k);
      String change =
          va instanceof Number x && vb instanceof Number y && x.doubleValue() != 0
              ? String.format(
                  Locale.ROOT, "%+.1f %%", (y.doubleValue() / x.doubleValue() - 1) * 100)
              : "";
      row(t, k, Printer.formatValue(va, 4), Printer.formatValue(vb, 4), change, highlight);
    }
    // Timings always differ between runs; they are shown, not flagged.
    t.row(
        "wall time [s]",
        String.format(Locale.ROOT, "%.2f", a.wallSeconds()),
        String.format(Locale.ROOT, "%.2f", b.wallSeconds()),
        "",
        "");
    List<String> notes = new ArrayList<>();
    if (!a.designSha256().equals(b.designSha256())) {
      notes.add(
          "the designs differ: `blueprint runs show --design "
              + a.id()
              + "` and "
              + b.id()
              + " print them, for a diff");
    }
    return new Report(
        "Run " + a.id() + " against run " + b.id(),
        List.of(),
        List.of(t.build()),
        notes,
        List.of());
  }

  private static void row(Table.Builder t, String field, String a, String b, boolean highlight) {
    row(t, field, a, b, "", highlight);
  }

  private static void row(
      Table.Builder t, String field, String a, String b, String change, boolean highlight) {
    boolean differs = !Objects.equals(a, b);
    String shown = differs && highlight ? "\u001b[1;33m" + field + "\u001b[0m" : field;
    t.row(shown, a, b, change, differs ? "*" : "");
  }
}
