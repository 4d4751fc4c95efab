package dev.blueprint.edge.tf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.cli.CommandPlugin;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.tf.cli.TfCommands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TfCommandsTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = TfCommands.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void thePluginAddsTrainExampleAndImport() {
    List<String> names = new ArrayList<>();
    for (CommandPlugin p : ServiceLoader.load(CommandPlugin.class)) {
      for (Object c : p.commands()) {
        names.add(new CommandLine(c).getCommandName());
      }
    }
    assertThat(names).contains("train-example", "import");
  }

  @Test
  void importWritesAFloatModelFile() {
    Path bpm = dir.resolve("w.bpm");
    int code =
        run(
            "import",
            "../../models/edge/wisdm-mlp/saved_model",
            "--out",
            bpm.toString(),
            "--name",
            "w");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "imported w: features:float32[43] -> probabilities:float32[6]",
            "1 add, 1 mul, 3 dense, 1 softmax");
    Graph g = ModelFile.read(bpm);
    assertThat(g.name()).isEqualTo("w");
    assertThat(g.metadata())
        .containsEntry("labels", "Walking,Jogging,Upstairs,Downstairs,Sitting,Standing");
  }

  @Test
  void importOfAMissingFolderFailsWithTheReason() {
    int code =
        run("import", dir.resolve("nothing").toString(), "--out", dir.resolve("x.bpm").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("import: ", "nothing: no such folder");
  }

  @Test
  void trainExampleRejectsAnUnknownModelBeforeTraining() {
    int code = run("train-example", "mnist-gan");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown example model 'mnist-gan'; known: fashion-cnn, wisdm-mlp");
  }
}
