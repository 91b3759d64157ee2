package dev.diffsearch.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * A stand-in for the Generative Language API on 127.0.0.1: it accepts the same generateContent request
 * and answers in the same response shape. By default every axis scores the image's mean grey level on
 * 0..10 (so each image carries its own expected score); a script can instead inject statuses,
 * Retry-After, malformed or out-of-range answers per request. A script may also block: hold a request
 * until others have arrived or been answered ({@link #awaitAnswered}), or stall it until the test lets
 * go (a latch). Nothing here sleeps: the order of events is arranged, never timed. Closing the server
 * ends every held request unanswered.
 */
final class FakeGemini implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** What the server saw of one request; {@code index} counts requests in the order they arrived. */
  record Seen(int index, String path, String query, String apiKey, JsonNode body, double meanGrey, String prompt) {}

  /** What the server does with one request. */
  record Reply(int status, String body, String retryAfter) {
    static Reply ok(String answerText) {
      return new Reply(200, responseWithText(answerText), null);
    }

    static Reply error(int status, String statusName, String message) {
      return new Reply(status, errorBody(status, statusName, message), null);
    }
  }

  /**
   * A script: given the request and the default valid answer text, the reply. It runs on the request's
   * server thread and may block; interrupted (the server closing), the request ends unanswered.
   */
  interface Script {
    Reply reply(Seen request, String validAnswer) throws InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Seen> answered = new ArrayList<>(); // guarded by itself; notified on each answer
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile Script script = (r, valid) -> Reply.ok(valid);
  private volatile Function<Double, Double> scoreOfGrey = FakeGemini::defaultScore;

  FakeGemini() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1beta";
  }

  void script(Script s) {
    this.script = s;
  }

  List<Seen> requests() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  int requestCount() {
    return seen.size();
  }

  /** The requests answered so far, in the order their answers were sent (recorded just before sending). */
  List<Seen> answered() {
    synchronized (answered) {
      return List.copyOf(answered);
    }
  }

  /** Blocks until a request matching {@code which} has been answered (for scripts that order answers). */
  void awaitAnswered(Predicate<Seen> which) throws InterruptedException {
    synchronized (answered) {
      while (answered.stream().noneMatch(which)) {
        answered.wait();
      }
    }
  }

  int maxConcurrent() {
    return maxInFlight.get();
  }

  /** The score the fake gives every axis of an image whose mean grey level (0..255) is {@code grey}. */
  static double defaultScore(double grey) {
    return Math.round(grey / 255.0 * 10 * 100) / 100.0;
  }

  static String validAnswer(double score) {
    return "{\"explanation\": \"A clear depiction.\", \"accuracy\": " + score + ", \"originality\": " + score
        + ", \"visual_quality\": " + score + ", \"consistency\": " + score + ", \"emotional_resonance\": " + score + "}";
  }

  /** A generateContent response whose first candidate's answer is {@code text}. */
  static String responseWithText(String text) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode cand = root.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content");
    content.put("role", "model");
    content.putArray("parts").addObject().put("text", text);
    cand.put("finishReason", "STOP");
    cand.put("index", 0);
    root.putObject("usageMetadata").put("promptTokenCount", 300).put("candidatesTokenCount", 60);
    root.put("modelVersion", "fake");
    return root.toString();
  }

  static String errorBody(int code, String status, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error").put("code", code).put("message", message).put("status", status);
    return root.toString();
  }

  /**
   * Answers one exchange. A request counts as in flight from its arrival until its answer is about to be
   * sent, so a client that starts its next request only when an answer came is never seen overlapping.
   */
  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    boolean counted = true;
    try {
      Reply reply;
      Seen s = null;
      if (!ex.getRequestMethod().equals("POST")
          || !ex.getRequestURI().getPath().matches("/v1beta/models/[^/:]+:generateContent")) {
        reply = Reply.error(404, "NOT_FOUND", "no such method");
      } else {
        s = read(ex);
        reply = s == null ? Reply.error(400, "INVALID_ARGUMENT", "expected an inline PNG and JSON mode")
            : script.reply(s, validAnswer(scoreOfGrey.apply(s.meanGrey())));
      }
      inFlight.decrementAndGet();
      counted = false;
      if (s != null) { // recorded before it is sent: a client holding the answer always finds it recorded
        synchronized (answered) {
          answered.add(s);
          answered.notifyAll();
        }
      }
      send(ex, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing: no answer
    } catch (IOException | RuntimeException e) {
      // the client went away (a timeout): nothing to answer
    } finally {
      if (counted) {
        inFlight.decrementAndGet();
      }
      ex.close();
    }
  }

  /** The request as seen (and recorded), or null when it is no generateContent request with a PNG in JSON mode. */
  private Seen read(HttpExchange ex) throws IOException {
    byte[] raw = ex.getRequestBody().readAllBytes();
    JsonNode body = JSON.readTree(raw);
    JsonNode parts = body.path("contents").path(0).path("parts");
    String prompt = null;
    double grey = Double.NaN;
    for (JsonNode part : parts) {
      if (part.has("inlineData")) {
        if (!part.path("inlineData").path("mimeType").asText().equals("image/png")) {
          return null;
        }
        grey = meanGrey(Base64.getDecoder().decode(part.path("inlineData").path("data").asText()));
      } else if (part.has("text")) {
        prompt = part.get("text").asText();
      }
    }
    if (Double.isNaN(grey) || !"application/json".equals(body.path("generationConfig").path("responseMimeType").asText())) {
      return null;
    }
    Seen s = new Seen(counter.getAndIncrement(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
        ex.getRequestHeaders().getFirst("x-goog-api-key"), body, grey, prompt);
    seen.add(s);
    return s;
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    if (reply.retryAfter() != null) {
      ex.getResponseHeaders().set("Retry-After", reply.retryAfter());
    }
    ex.sendResponseHeaders(reply.status(), out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  static double meanGrey(byte[] png) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    double sum = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        sum += img.getRaster().getSample(x, y, 0);
      }
    }
    return sum / (img.getWidth() * img.getHeight());
  }

  /** Stops the server; requests still held by a script are interrupted and end unanswered. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
