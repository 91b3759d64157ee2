package dev.diffsearch.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Configs, keys and images shared by the tests. */
final class JudgeFixture {

  static final String KEY_ENV = "TEST_GEMINI_KEY";
  static final String KEY = "AIzaSyFAKE-test-key-4f1c2d9e8b7a6c5d";
  static final Function<String, String> ENV = Map.of(KEY_ENV, KEY)::get;

  static final int H = 4;
  static final int W = 4;

  private JudgeFixture() {}

  /**
   * A config for the fake server with tiny backoff and no effective rate limit; {@code yaml} lines
   * (e.g. {@code "max-in-flight: 2"}) override. The timeout is the default minute: only the tests of
   * timeouts set a small one (against a request the fake stalls), so a busy machine times nothing out.
   */
  static GeminiJudgeConfig config(FakeGemini fake, Path cacheDir, String... yaml) {
    StringBuilder text = new StringBuilder();
    text.append("base-url: ").append(fake.baseUrl()).append('\n');
    text.append("api-key-env: ").append(KEY_ENV).append('\n');
    text.append("cache-dir: ").append(cacheDir).append('\n');
    text.append("backoff-base-ms: 1\nbackoff-max-ms: 20\nrequests-per-minute: 600000\nburst: 1000\n");
    text.append("max-in-flight: 8\n");
    ObjectNode node = ConfigLoader.parse(text.toString(), "test");
    for (String line : yaml) {
      ObjectNode o = ConfigLoader.parse(line, "test");
      o.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue()));
    }
    return bind(node);
  }

  static GeminiJudgeConfig bind(JsonNode node) {
    return ConfigBinder.bind(node, GeminiJudgeConfig.class, "verifier");
  }

  /** A judge on virtual time that stands still: its waits return at once (and are not looked at). */
  static GeminiJudge judge(GeminiJudgeConfig config) {
    return judge(config, VirtualTicker.frozen());
  }

  static GeminiJudge judge(GeminiJudgeConfig config, Ticker ticker) {
    return new GeminiJudge(config, Path.of("."), ENV, ticker);
  }

  /** Grey byte of candidate {@code i}: distinct per candidate. */
  static int grey(int i) {
    return 10 + 23 * (i % 11);
  }

  /** The score the fake server gives candidate {@code i} on every axis. */
  static float expected(int i) {
    return (float) FakeGemini.defaultScore(grey(i));
  }

  /** {@code n} flat 1×H×W images, candidate i uniformly at grey(i). */
  static float[] images(int n) {
    float[] data = new float[n * H * W];
    for (int i = 0; i < n; i++) {
      Arrays.fill(data, i * H * W, (i + 1) * H * W, (float) (grey(i) / 127.5 - 1.0));
    }
    return data;
  }

  static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("o0000-class01-s000-c%04d", i));
    }
    return ids;
  }

  static int[] classes(int n, int label) {
    int[] c = new int[n];
    Arrays.fill(c, label);
    return c;
  }

  static float[] score(GeminiJudge judge, int n) {
    return judge.score(ids(n), images(n), 1, H, W, classes(n, 1));
  }

  static float[] expectedScores(int n) {
    float[] e = new float[n];
    for (int i = 0; i < n; i++) {
      e[i] = expected(i);
    }
    return e;
  }
}
