package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.InvalidModelInputException;
import dev.blueprint.edge.runtime.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Local inference on the installed model: {@code POST /infer} on 127.0.0.1 with {@code {"input":
 * [numbers]}} answers {@code {"output", "top1", "model", "version", "latency_ms"}}. One request at
 * a time (a session is single-threaded); latencies go into an HdrHistogram recorder that telemetry
 * drains each interval. The model is reloaded when an update is committed or rolled back.
 */
public final class InferenceServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  /** The loaded model: where it came from and a session on it. */
  private record Loaded(String bundle, String version, Graph graph, Interpreter session) {}

  private final HttpServer http;
  private final Recorder latencies = new Recorder(3);
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile Loaded current;

  private InferenceServer(HttpServer http) {
    this.http = http;
  }

  /** Listens on 127.0.0.1:{@code port} (0: a free port). */
  public static InferenceServer start(int port) throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    InferenceServer s = new InferenceServer(http);
    http.createContext("/infer", s::handle);
    http.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "inference");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    return s;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** Loads the model a slot's golden.json names; a slot that cannot load leaves nothing served. */
  public void load(String bundle, String version, Path slot) {
    try {
      HealthCheck.Golden g = HealthCheck.read(slot.resolve(HealthCheck.FILE));
      Graph graph = ModelFile.read(slot.resolve(g.model()));
      current = new Loaded(bundle, version, graph, new Interpreter(graph));
    } catch (IOException | RuntimeException e) {
      current = null;
    }
  }

  /** Requests and errors so far, and the latency histogram since the last call. */
  public record Window(long served, long errors, Histogram latencyMicros) {}

  public Window drain() {
    return new Window(served.get(), errors.get(), latencies.getIntervalHistogram());
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (!x.getRequestMethod().equals("POST")) {
        reply(x, 405, error("POST a JSON body {\"input\": [numbers]}"));
        return;
      }
      Loaded m = current;
      if (m == null) {
        errors.incrementAndGet();
        reply(x, 503, error("no model is installed"));
        return;
      }
      byte[] body = x.getRequestBody().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        errors.incrementAndGet();
        reply(x, 413, error("request larger than " + MAX_BODY + " bytes"));
        return;
      }
      float[] input;
      try {
        JsonNode in = JSON.readTree(body).path("input");
        if (!in.isArray()) {
          throw new IllegalArgumentException("field 'input' must be a list of numbers");
        }
        input = new float[in.size()];
        for (int i = 0; i < input.length; i++) {
          if (!in.get(i).isNumber()) {
            throw new IllegalArgumentException("input[" + i + "] is not a number");
          }
          input[i] = (float) in.get(i).asDouble();
        }
      } catch (IOException | IllegalArgumentException e) {
        errors.incrementAndGet();
        reply(x, 400, error(e instanceof IOException ? "body is not JSON" : e.getMessage()));
        return;
      }
      try {
        long t0 = System.nanoTime();
        Tensor out;
        synchronized (m.session()) {
          out = m.session().run(Tensor.of(m.graph().input(0).shape().withBatch(1), input));
        }
        long micros = (System.nanoTime() - t0) / 1000;
        latencies.recordValue(Math.max(1, micros));
        served.incrementAndGet();
        ObjectNode o =
            JSON.createObjectNode()
                .put("model", m.bundle())
                .put("version", m.version())
                .put("top1", out.argmaxPerRow()[0])
                .put("latency_ms", micros / 1000.0);
        ArrayNode values = o.putArray("output");
        for (float v : out.toFloats()) {
          values.add(v);
        }
        reply(x, 200, o);
      } catch (InvalidModelInputException | IllegalArgumentException e) {
        errors.incrementAndGet();
        reply(x, 400, error(e.getMessage()));
      }
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void reply(HttpExchange x, int code, ObjectNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
