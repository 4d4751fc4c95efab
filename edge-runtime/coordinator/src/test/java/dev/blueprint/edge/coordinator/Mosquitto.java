package dev.blueprint.edge.coordinator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker of the test's own: loopback port, password file (every user with the same
 * password), the project's ACL, no persistence. Skips the test when Mosquitto is missing, unless
 * the build runs in CI, where it must be there (ensure-mosquitto.sh installs it).
 */
final class Mosquitto implements AutoCloseable {
  static final String PASSWORD = "drill-password";

  private Process process;
  private final Path dir;
  private final Path conf;
  final int port;

  private Mosquitto(Process process, Path dir, Path conf, int port) {
    this.process = process;
    this.dir = dir;
    this.conf = conf;
    this.port = port;
  }

  /** Kills the broker and starts it again on the same port: every client is cut off. */
  void restart() throws Exception {
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
    process = launch(executable(), conf, dir);
    awaitListening(process, port, dir);
  }

  private static Process launch(Path exe, Path conf, Path dir) throws IOException {
    return new ProcessBuilder(exe.toString(), "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
        .start();
  }

  private static void awaitListening(Process p, int port, Path dir) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
        }
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("mosquitto did not listen on " + port);
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  static Path executable() {
    for (String p :
        List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  static Mosquitto start(Path dir, List<String> users) throws Exception {
    return start(dir, users, "");
  }

  /** A TLS listener with the given CA, certificate and key (and the same passwords and ACL). */
  static Mosquitto startTls(Path dir, List<String> users, Path ca, Path cert, Path key)
      throws Exception {
    return start(
        dir,
        users,
        String.join(
            "\n", "cafile " + ca, "certfile " + cert, "keyfile " + key, "tls_version tlsv1.2", ""));
  }

  private static Mosquitto start(Path dir, List<String> users, String listenerExtra)
      throws Exception {
    Path exe = executable();
    if (!Boolean.getBoolean("blueprint.mosquitto.required")) {
      assumeTrue(
          exe != null, "Mosquitto is not installed (the test command installs it; CI requires it)");
    } else if (exe == null) {
      throw new IllegalStateException(
          "CI=true but Mosquitto is missing: ensure-mosquitto.sh should have installed it");
    }
    Files.createDirectories(dir);
    Path passwords = dir.resolve("passwd");
    Files.writeString(passwords, "");
    for (String u : users) {
      run(List.of("mosquitto_passwd", "-b", passwords.toString(), u, PASSWORD));
    }
    int port = EmbeddedBroker.freePort();
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            listenerExtra,
            // Started as root, Mosquitto drops to its own user, which cannot read a private temp
            // folder.
            "user " + System.getProperty("user.name"),
            "allow_anonymous false",
            "password_file " + passwords,
            "acl_file "
                + Path.of(System.getProperty("blueprint.mosquitto.acl", "assets/mosquitto/acl"))
                    .toAbsolutePath(),
            "persistence false",
            "max_inflight_messages 100",
            "log_dest stdout",
            ""));
    Process p = launch(exe, conf, dir);
    awaitListening(p, port, dir);
    return new Mosquitto(p, dir, conf, port);
  }

  private static void run(List<String> command) throws Exception {
    List<String> cmd = new ArrayList<>(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
