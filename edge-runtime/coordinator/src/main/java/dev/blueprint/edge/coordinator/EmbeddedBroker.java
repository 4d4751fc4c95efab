package dev.blueprint.edge.coordinator;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The desktop default broker: Moquette inside the coordinator's JVM, on loopback. Retained messages
 * persist in {@code dataDir}, so a restart (which the drill performs on purpose) keeps the offers
 * devices have not collected yet.
 */
public final class EmbeddedBroker implements AutoCloseable {
  /** The largest MQTT message accepted: a 4 MiB chunk with its header. */
  public static final int MAX_MESSAGE_BYTES = (4 << 20) + 4096;

  private final int port;
  private final Path dataDir;
  private Server server;

  private EmbeddedBroker(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  /** Starts on {@code port} (0: a free one) with its store in {@code dataDir}. */
  public static EmbeddedBroker start(int port, Path dataDir) throws IOException {
    EmbeddedBroker b = new EmbeddedBroker(port == 0 ? freePort() : port, dataDir);
    b.startServer();
    return b;
  }

  private void startServer() throws IOException {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
    p.setProperty(IConfig.PORT_PROPERTY_NAME, String.valueOf(port));
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
    // Moquette's default cap is 8 KB a message; chunks are up to a few MB.
    p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, String.valueOf(MAX_MESSAGE_BYTES));
    // Moquette reports usage to its authors unless told not to; a fleet's broker must not.
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toAbsolutePath().toString());
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
    server = new Server();
    server.startServer(new MemoryConfig(p));
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops and starts again on the same port: every client is disconnected. */
  public synchronized void restart() throws IOException {
    server.stopServer();
    startServer();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stopServer();
      server = null;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
