package dev.blueprint.edge.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.cli.EdgeCli;
import dev.blueprint.edge.ota.Ed25519;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keys and bundle commands end to end: init, create, sign, verify, revoke, rotate. */
class BundleCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EdgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path bundle(String name, int counter) throws Exception {
    Path model = dir.resolve("model.bin");
    Files.write(model, new byte[5000]);
    Path out = dir.resolve(name);
    Result r =
        run(
            "bundle",
            "create",
            "--name",
            "classifier",
            "--version",
            "1." + counter,
            "--counter",
            String.valueOf(counter),
            "--target",
            "cpu",
            "--chunk-size",
            "1KiB",
            "--out",
            out.toString(),
            "model.bpm=" + model,
            "golden/inputs.csv=" + model);
    assertThat(r.code()).as(r.err()).isZero();
    return out;
  }

  @Test
  void createAndGoldenRefuseToReplaceAFileTheyDidNotWrite() throws Exception {
    Path taken = Files.writeString(dir.resolve("taken.bpb"), "someone else's");
    Path model = Files.write(dir.resolve("model.bin"), new byte[100]);
    Result create =
        run(
            "bundle",
            "create",
            "--name",
            "classifier",
            "--version",
            "1.0",
            "--counter",
            "1",
            "--target",
            "cpu",
            "--out",
            taken.toString(),
            "model.bpm=" + model);
    assertThat(create.code()).isNotZero();
    assertThat(create.err()).contains("--out " + taken + " exists; refusing to replace");
    Result golden =
        run(
            "bundle",
            "golden",
            "--model",
            "../../models/edge/wisdm-mlp/wisdm-mlp-int8.bpm",
            "--out",
            taken.toString());
    assertThat(golden.code()).isNotZero();
    assertThat(golden.err()).contains("--out " + taken + " exists; refusing to replace");
    assertThat(Files.readString(taken)).isEqualTo("someone else's");
  }

  @Test
  void aBundleMadeSignedAndVerifiedFromTheCommandLine() throws Exception {
    Path keys = dir.resolve("keys");
    Result init = run("keys", "init", "--out", keys.toString());
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(keys.resolve("root.key")).exists();
    assertThat(run("keys", "init", "--out", keys.toString()).err())
        .contains("refusing to replace a root key");

    Path bpb = bundle("b.bpb", 2);
    Result unsigned =
        run("bundle", "verify", "--root", keys.resolve("root-1.json").toString(), bpb.toString());
    assertThat(unsigned.code()).isEqualTo(1);
    assertThat(unsigned.err()).contains("unknown key");

    Result sign =
        run(
            "bundle",
            "sign",
            "--key",
            keys.resolve("signer.key").toString(),
            "--keys",
            keys.resolve("keys.json").toString(),
            bpb.toString());
    assertThat(sign.code()).as(sign.err()).isZero();
    Result ok =
        run("bundle", "verify", "--root", keys.resolve("root-1.json").toString(), bpb.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ok: classifier 1.2 (counter 2, model), 2 files, 10000 bytes");

    Result rollback =
        run(
            "bundle",
            "verify",
            "--root",
            keys.resolve("root-1.json").toString(),
            "--installed-counter",
            "2",
            "--format",
            "json",
            bpb.toString());
    assertThat(rollback.code()).isEqualTo(3);
    assertThat(rollback.out()).contains("\"reason\" : \"rollback\"");

    Result wrong =
        run(
            "bundle",
            "verify",
            "--root",
            keys.resolve("root-1.json").toString(),
            "--hardware-kind",
            "gpu",
            "--hardware",
            "nvidia-l4",
            bpb.toString());
    assertThat(wrong.err()).contains("wrong target");
  }

  @Test
  void aRevokedSigningKeyAndARotatedRootFromTheCommandLine() throws Exception {
    Path keys = dir.resolve("keys");
    run("keys", "init", "--out", keys.toString());
    String signerId = Files.readString(keys.resolve("signer.pub")).isEmpty() ? "" : idOf(keys);
    Result revoke =
        run(
            "keys",
            "revoke",
            "--keys",
            keys.resolve("keys.json").toString(),
            "--root-key",
            keys.resolve("root.key").toString(),
            signerId);
    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("version 2");
    Path bpb = bundle("r.bpb", 1);
    Result sign =
        run(
            "bundle",
            "sign",
            "--key",
            keys.resolve("signer.key").toString(),
            "--keys",
            keys.resolve("keys.json").toString(),
            bpb.toString());
    assertThat(sign.code()).isEqualTo(1);
    assertThat(sign.err()).contains("does not list");

    Result added =
        run(
            "keys",
            "add-signer",
            "--keys",
            keys.resolve("keys.json").toString(),
            "--root-key",
            keys.resolve("root.key").toString(),
            "--out-key",
            keys.resolve("signer2").toString());
    assertThat(added.code()).as(added.err()).isZero();
    Result rotate =
        run(
            "keys",
            "rotate-root",
            "--root",
            keys.resolve("root-1.json").toString(),
            "--root-key",
            keys.resolve("root.key").toString(),
            "--out-key",
            keys.resolve("root2").toString());
    assertThat(rotate.code()).as(rotate.err()).isZero();
    // After the rotation, keys signed by the old root key no longer count...
    Result byOldRoot =
        run(
            "keys",
            "add-signer",
            "--keys",
            keys.resolve("keys.json").toString(),
            "--root-key",
            keys.resolve("root.key").toString(),
            "--out-key",
            keys.resolve("signer3").toString());
    assertThat(byOldRoot.code()).isZero();
    String[] signWithNewRoot = {
      "bundle",
      "sign",
      "--key",
      keys.resolve("signer2.key").toString(),
      "--keys",
      keys.resolve("keys.json").toString(),
      "--root",
      keys.resolve("root-2.json").toString(),
      bpb.toString()
    };
    assertThat(run(signWithNewRoot).code()).isZero();
    Result stale =
        run("bundle", "verify", "--root", keys.resolve("root-1.json").toString(), bpb.toString());
    assertThat(stale.code()).isEqualTo(1);
    assertThat(stale.err()).contains("unknown key", "root version 2");
    // ...and once the new root key signs them, a device provisioned with root 1 follows the chain.
    Result byNewRoot =
        run(
            "keys",
            "add-signer",
            "--keys",
            keys.resolve("keys.json").toString(),
            "--root-key",
            keys.resolve("root2.key").toString(),
            "--out-key",
            keys.resolve("signer4").toString());
    assertThat(byNewRoot.code()).as(byNewRoot.err()).isZero();
    assertThat(run(signWithNewRoot).code()).isZero();
    Result ok =
        run("bundle", "verify", "--root", keys.resolve("root-1.json").toString(), bpb.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
  }

  private static String idOf(Path keys) throws Exception {
    return Ed25519.keyId(Ed25519.readPublic(keys.resolve("signer.pub")));
  }
}
