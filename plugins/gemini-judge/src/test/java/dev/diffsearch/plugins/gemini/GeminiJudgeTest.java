package dev.diffsearch.plugins.gemini;

import static dev.diffsearch.plugins.gemini.JudgeFixture.KEY;
import static dev.diffsearch.plugins.gemini.JudgeFixture.config;
import static dev.diffsearch.plugins.gemini.JudgeFixture.expected;
import static dev.diffsearch.plugins.gemini.JudgeFixture.expectedScores;
import static dev.diffsearch.plugins.gemini.JudgeFixture.judge;
import static dev.diffsearch.plugins.gemini.JudgeFixture.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.spi.ModelContext;
import dev.diffsearch.core.spi.VerifierInput;
import dev.diffsearch.core.spi.VerifierScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class GeminiJudgeTest {

  @TempDir Path cacheDir;

  private FakeGemini fake;
  private ListAppender<ILoggingEvent> logs;
  private Logger root;
  private Level rootLevel;
  private ch.qos.logback.core.Appender<ILoggingEvent> console;

  @BeforeEach
  void start() throws IOException {
    fake = new FakeGemini();
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.TRACE); // everything the plugin could log is captured and checked for the key
    console = root.getAppender("STDERR");
    if (console != null) {
      root.detachAppender(console); // captured, not printed
    }
    logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stop() {
    fake.close();
    root.detachAppender(logs);
    if (console != null) {
      root.addAppender(console);
    }
    root.setLevel(rootLevel);
    assertNoKeyIn(logs);
  }

  /** No log line of any test, nor its arguments or stack traces, holds the key. */
  private static void assertNoKeyIn(ListAppender<ILoggingEvent> logs) {
    for (ILoggingEvent e : logs.list) {
      assertThat(e.getFormattedMessage()).doesNotContain(KEY);
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        assertThat(t.getMessage()).doesNotContain(KEY);
      }
    }
  }

  private List<String> warnings() {
    return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void sendsTheDocumentedRequestWithTheKeyOnlyInTheHeader() throws Exception {
    GeminiJudge judge = judge(config(fake, cacheDir, "model: gemini-test-flash", "upscale: 8", "temperature: 0.5"));
    int n = 3;
    float[] scores = judge.score(JudgeFixture.ids(n), JudgeFixture.images(n), 1, 4, 4, new int[] {0, 1, 9});

    assertThat(scores).containsExactly(expectedScores(n), within(1e-6f));
    List<FakeGemini.Seen> seen = fake.requests();
    assertThat(seen).hasSize(3);
    for (FakeGemini.Seen s : seen) {
      assertThat(s.path()).isEqualTo("/v1beta/models/gemini-test-flash:generateContent").doesNotContain(KEY);
      assertThat(s.query()).isNull();
      assertThat(s.apiKey()).isEqualTo(KEY);
      JsonNode body = s.body();
      assertThat(body.toString()).doesNotContain(KEY);
      assertThat(body.path("systemInstruction").path("parts").path(0).path("text").asText())
          .contains("accuracy", "originality", "visual_quality", "consistency", "emotional_resonance");
      JsonNode parts = body.path("contents").path(0).path("parts");
      assertThat(body.path("contents").path(0).path("role").asText()).isEqualTo("user");
      assertThat(parts.path(0).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
      byte[] png = Base64.getDecoder().decode(parts.path(0).path("inlineData").path("data").asText());
      var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
      assertThat(image.getWidth()).isEqualTo(32); // 4 px × upscale 8
      assertThat(image.getHeight()).isEqualTo(32);
      JsonNode gen = body.path("generationConfig");
      assertThat(gen.path("responseMimeType").asText()).isEqualTo("application/json");
      assertThat(gen.path("temperature").asDouble()).isEqualTo(0.5);
      JsonNode schema = gen.path("responseSchema");
      assertThat(schema.path("type").asText()).isEqualTo("OBJECT");
      List<String> order = new ArrayList<>();
      schema.path("propertyOrdering").forEach(o -> order.add(o.asText()));
      assertThat(order).containsExactly("explanation", "accuracy", "originality", "visual_quality", "consistency",
          "emotional_resonance");
      assertThat(schema.path("required")).hasSize(6);
      assertThat(schema.path("properties").path("accuracy").path("type").asText()).isEqualTo("NUMBER");
    }
    // each class's prompt goes with its own image
    assertThat(seen).anySatisfy(s -> assertThat(s.prompt()).contains("\"T-shirt/top\"").satisfies(p -> assertThat(s.meanGrey()).isEqualTo(JudgeFixture.grey(0))));
    assertThat(seen).anySatisfy(s -> assertThat(s.prompt()).contains("\"Trouser\"").satisfies(p -> assertThat(s.meanGrey()).isEqualTo(JudgeFixture.grey(1))));
    assertThat(seen).anySatisfy(s -> assertThat(s.prompt()).contains("\"Ankle boot\"").satisfies(p -> assertThat(s.meanGrey()).isEqualTo(JudgeFixture.grey(2))));
  }

  @Test
  void eachCandidateGetsItsOwnScoreWhenLaterOnesFinishFirst() {
    int n = 8;
    // candidate i answers after (n − i)·40 ms: the last submitted finishes first
    fake.script((req, valid) -> new FakeGemini.Reply(200, FakeGemini.responseWithText(valid),
        (long) (n - indexOfGrey(req.meanGrey())) * 40, null));
    GeminiJudge judge = judge(config(fake, cacheDir, "max-in-flight: 8"));

    float[] scores = score(judge, n);

    assertThat(scores).containsExactly(expectedScores(n), within(1e-6f));
    assertThat(fake.maxConcurrent()).isGreaterThan(1); // they really overlapped
  }

  private static int indexOfGrey(double grey) {
    for (int i = 0; i < 11; i++) {
      if (Math.abs(JudgeFixture.grey(i) - grey) < 1e-9) {
        return i;
      }
    }
    throw new AssertionError("unknown grey " + grey);
  }

  @Test
  void boundsTheRequestsInFlight() {
    fake.script((req, valid) -> new FakeGemini.Reply(200, FakeGemini.responseWithText(valid), 80, null));
    GeminiJudge judge = judge(config(fake, cacheDir, "max-in-flight: 3"));

    float[] scores = score(judge, 10);

    assertThat(scores).containsExactly(expectedScores(10), within(1e-6f));
    assertThat(fake.requestCount()).isEqualTo(10);
    assertThat(fake.maxConcurrent()).isEqualTo(3);
  }

  @Test
  void keepsToTheRateLimit() {
    // 400 per minute = one every 150 ms, bucket of 1: 6 requests span about 750 ms although 6 may run at once
    GeminiJudge judge = judge(config(fake, cacheDir, "requests-per-minute: 400", "burst: 1", "max-in-flight: 6"));

    score(judge, 6);

    List<Long> arrivals = fake.requests().stream().map(FakeGemini.Seen::arrivalNanos).sorted().toList();
    assertThat(arrivals).hasSize(6);
    for (int i = 1; i < arrivals.size(); i++) {
      // starts are 150 ms apart; client start-up and connection set-up delay single arrivals (≤ 100 ms here)
      assertThat((arrivals.get(i) - arrivals.get(i - 1)) / 1e6).as("gap before request %d (ms)", i).isGreaterThan(50);
    }
    assertThat((arrivals.get(5) - arrivals.get(0)) / 1e6).isGreaterThan(650); // unlimited: a few ms
  }

  @Test
  void aBurstStartsAtOnceThenTheRateApplies() {
    // 120 per minute = one every 500 ms, bucket of 3: three at once, the fourth about 500 ms later
    GeminiJudge judge = judge(config(fake, cacheDir, "requests-per-minute: 120", "burst: 3", "max-in-flight: 4"));

    score(judge, 4);

    List<Long> arrivals = fake.requests().stream().map(FakeGemini.Seen::arrivalNanos).sorted().toList();
    assertThat((arrivals.get(2) - arrivals.get(0)) / 1e6).isLessThan(250);
    assertThat((arrivals.get(3) - arrivals.get(0)) / 1e6).isGreaterThan(350);
  }

  @Test
  void retriesA429AfterTheRetryAfterSeconds() {
    fake.script((req, valid) -> req.index() == 0
        ? new FakeGemini.Reply(429, FakeGemini.errorBody(429, "RESOURCE_EXHAUSTED", "Quota exceeded"), 0, "1")
        : FakeGemini.Reply.ok(valid));
    GeminiJudge judge = judge(config(fake, cacheDir));

    float[] scores = score(judge, 1);

    assertThat(scores[0]).isEqualTo(expected(0));
    List<FakeGemini.Seen> seen = fake.requests();
    assertThat(seen).hasSize(2);
    // the backoff alone would be ≤ 20 ms here: the wait is the server's
    assertThat((seen.get(1).arrivalNanos() - seen.get(0).arrivalNanos()) / 1e6).isGreaterThan(950);
  }

  @Test
  void retriesA429AfterTheRetryInfoDelayOfTheErrorBody() {
    String body = "{\"error\": {\"code\": 429, \"message\": \"Resource exhausted\", \"status\": \"RESOURCE_EXHAUSTED\","
        + " \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"0.4s\"}]}}";
    fake.script((req, valid) -> req.index() == 0 ? new FakeGemini.Reply(429, body, 0, null) : FakeGemini.Reply.ok(valid));
    GeminiJudge judge = judge(config(fake, cacheDir));

    score(judge, 1);

    List<FakeGemini.Seen> seen = fake.requests();
    assertThat((seen.get(1).arrivalNanos() - seen.get(0).arrivalNanos()) / 1e6).isGreaterThan(380);
  }

  @Test
  void retriesServerErrorsWithBackoff() {
    fake.script((req, valid) -> req.index() < 2
        ? new FakeGemini.Reply(req.index() == 0 ? 500 : 503, FakeGemini.errorBody(503, "UNAVAILABLE", "overloaded"), 0, null)
        : FakeGemini.Reply.ok(valid));
    GeminiJudge judge = judge(config(fake, cacheDir));

    assertThat(score(judge, 1)[0]).isEqualTo(expected(0));
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void givesUpAfterMaxAttemptsWithOneLineNamingPluginVerifierAndCandidate() {
    fake.script((req, valid) -> new FakeGemini.Reply(503, FakeGemini.errorBody(503, "UNAVAILABLE", "The model is\noverloaded"), 0, null));
    GeminiJudge judge = judge(config(fake, cacheDir, "max-attempts: 3"));

    assertThatThrownBy(() -> score(judge, 1))
        .isInstanceOf(GeminiJudge.JudgeException.class)
        .hasMessage("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: "
            + "gave up after 3 attempts, last: HTTP 503 UNAVAILABLE: The model is overloaded");
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void retriesATimeout() {
    fake.script((req, valid) -> new FakeGemini.Reply(200, FakeGemini.responseWithText(valid), req.index() == 0 ? 1500 : 0, null));
    GeminiJudge judge = judge(config(fake, cacheDir, "timeout-seconds: 0.3"));

    long t0 = System.nanoTime();
    assertThat(score(judge, 1)[0]).isEqualTo(expected(0));
    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1400); // did not wait for the slow answer
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void timeoutsCountAsFailedAttempts() {
    fake.script((req, valid) -> new FakeGemini.Reply(200, FakeGemini.responseWithText(valid), 1000, null));
    GeminiJudge judge = judge(config(fake, cacheDir, "timeout-seconds: 0.2", "max-attempts: 2"));

    assertThatThrownBy(() -> score(judge, 1))
        .hasMessageContaining("candidate o0000-class01-s000-c0000")
        .hasMessageContaining("gave up after 2 attempts, last: no answer within 200 ms");
  }

  @Test
  void retriesConnectionErrors() throws IOException {
    // nothing listens on the port of a closed server
    FakeGemini gone = new FakeGemini();
    String url = gone.baseUrl();
    gone.close();
    GeminiJudgeConfig c = config(fake, cacheDir, "base-url: " + url, "max-attempts: 2");

    assertThatThrownBy(() -> score(judge(c), 1))
        .hasMessageStartingWith("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: gave up after 2 attempts, last: I/O error");
  }

  @Test
  void aClientErrorFailsAtOnceAndTheKeyEchoedByTheServerIsRedacted() {
    fake.script((req, valid) -> new FakeGemini.Reply(400,
        FakeGemini.errorBody(400, "INVALID_ARGUMENT", "API key not valid: " + KEY + ". Please pass a valid API key."), 0, null));
    GeminiJudge judge = judge(config(fake, cacheDir));

    assertThatThrownBy(() -> score(judge, 1))
        .hasMessage("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: "
            + "HTTP 400 INVALID_ARGUMENT: API key not valid: ***. Please pass a valid API key.")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(KEY));
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void anInvalidAnswerIsAskedAgainOnce() {
    fake.script((req, valid) -> req.index() == 0 ? FakeGemini.Reply.ok("{\"explanation\": \"cut") : FakeGemini.Reply.ok(valid));
    GeminiJudge judge = judge(config(fake, cacheDir));

    assertThat(score(judge, 1)[0]).isEqualTo(expected(0));
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json at all",
      "{\"explanation\": \"ok\", \"accuracy\": 5, \"originality\": 5, \"visual_quality\": 5, \"consistency\": 5}",
      "{\"explanation\": \"ok\", \"accuracy\": 11, \"originality\": 5, \"visual_quality\": 5, \"consistency\": 5, \"emotional_resonance\": 5}",
      "{\"explanation\": \"ok\", \"accuracy\": -0.5, \"originality\": 5, \"visual_quality\": 5, \"consistency\": 5, \"emotional_resonance\": 5}",
      "{\"explanation\": \"ok\", \"accuracy\": \"7\", \"originality\": 5, \"visual_quality\": 5, \"consistency\": 5, \"emotional_resonance\": 5}",
      "[1, 2, 3]",
      "RAW:{\"candidates\": []}",
      "RAW:{\"promptFeedback\": {\"blockReason\": \"SAFETY\"}}",
      "RAW:this is no JSON body"})
  void anAnswerInvalidTwiceStopsTheRunNamingTheCandidate(String answer) {
    fake.script((req, valid) -> answer.startsWith("RAW:")
        ? new FakeGemini.Reply(200, answer.substring(4), 0, null)
        : FakeGemini.Reply.ok(answer));
    GeminiJudge judge = judge(config(fake, cacheDir));

    assertThatThrownBy(() -> score(judge, 1))
        .isInstanceOf(GeminiJudge.JudgeException.class)
        .hasMessageStartingWith("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: invalid answer twice: ")
        .hasMessageContaining("on-invalid: score-min")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void scoreMinGivesMinusInfinityAndAWarningNamingTheCandidate() {
    // candidate 2 always answers out of range; the others are fine
    fake.script((req, valid) -> Math.abs(req.meanGrey() - JudgeFixture.grey(2)) < 1e-9
        ? FakeGemini.Reply.ok(FakeGemini.validAnswer(12.5))
        : FakeGemini.Reply.ok(valid));
    GeminiJudge judge = judge(config(fake, cacheDir, "on-invalid: score-min"));

    VerifierScores all = judge.scoreAll(JudgeFixture.ids(4), JudgeFixture.images(4), 1, 4, 4, JudgeFixture.classes(4, 1));
    float[] scores = all.total();
    assertThat(all.parts().get("gemini-judge.accuracy")[2]).isNaN();
    assertThat(all.parts().get("gemini-judge.accuracy")[3]).isEqualTo(expected(3));

    assertThat(scores[0]).isEqualTo(expected(0));
    assertThat(scores[1]).isEqualTo(expected(1));
    assertThat(scores[2]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(scores[3]).isEqualTo(expected(3));
    assertThat(warnings()).singleElement().asString()
        .contains("plugin gemini-judge", "verifier gemini-judge", "candidate o0000-class01-s000-c0002", "-Infinity",
            "'accuracy' score 12.5 is outside 0..10");
    assertThat(fake.requestCount()).isEqualTo(5); // 3 + the invalid one twice
    // an invalid answer is not cached: the next run asks again
    score(judge(config(fake, cacheDir, "on-invalid: score-min")), 4);
    assertThat(fake.requestCount()).isEqualTo(7);
  }

  @Test
  void theCacheSavesEveryRequestOfARerunAndHoldsNoKey() throws IOException {
    float[] first = score(judge(config(fake, cacheDir)), 5);
    assertThat(fake.requestCount()).isEqualTo(5);

    // a new verifier (a re-run) on the same cache: no request at all, same scores
    fake.script((req, valid) -> new FakeGemini.Reply(500, "{}", 0, null));
    float[] again = score(judge(config(fake, cacheDir)), 5);
    assertThat(again).containsExactly(first);
    assertThat(fake.requestCount()).isEqualTo(5);

    // another axis reads the same cached answers
    assertThat(score(judge(config(fake, cacheDir, "axis: originality")), 5)).containsExactly(first);
    assertThat(fake.requestCount()).isEqualTo(5);

    List<Path> files;
    try (Stream<Path> s = Files.walk(cacheDir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSize(5).allSatisfy(f -> {
      assertThat(f.getFileName().toString()).matches("[0-9a-f]{64}\\.json");
      assertThat(f.getParent().getFileName().toString()).isEqualTo(f.getFileName().toString().substring(0, 2));
      assertThat(Files.readString(f)).doesNotContain(KEY).contains("\"explanation\"", "\"accuracy\"");
    });
  }

  @Test
  void theCacheKeyCoversModelPromptAndImage() {
    fake.script((req, valid) -> FakeGemini.Reply.ok(valid));
    score(judge(config(fake, cacheDir)), 2);
    assertThat(fake.requestCount()).isEqualTo(2);

    score(judge(config(fake, cacheDir, "model: another-model")), 2);
    assertThat(fake.requestCount()).isEqualTo(4);

    score(judge(config(fake, cacheDir, "prompts: [a, 'a different prompt']")), 2);
    assertThat(fake.requestCount()).isEqualTo(6);

    score(judge(config(fake, cacheDir, "upscale: 4")), 2); // other image bytes
    assertThat(fake.requestCount()).isEqualTo(8);

    score(judge(config(fake, cacheDir, "cache: false")), 2);
    assertThat(fake.requestCount()).isEqualTo(10);
  }

  @Test
  void aCorruptCacheEntryIsAMissAndIsRewritten() throws IOException {
    score(judge(config(fake, cacheDir)), 1);
    Path entry;
    try (Stream<Path> s = Files.walk(cacheDir)) {
      entry = s.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.writeString(entry, "{\"accuracy\": 3");

    assertThat(score(judge(config(fake, cacheDir)), 1)[0]).isEqualTo(expected(0));
    assertThat(fake.requestCount()).isEqualTo(2);
    assertThat(Files.readString(entry)).contains("\"emotional_resonance\"");
  }

  @Test
  void identicalCandidatesInOneBatchShareOneRequest() {
    GeminiJudge judge = judge(config(fake, cacheDir, "cache: false"));
    float[] img = JudgeFixture.images(1);
    float[] two = new float[img.length * 2];
    System.arraycopy(img, 0, two, 0, img.length);
    System.arraycopy(img, 0, two, img.length, img.length);

    float[] scores = judge.score(List.of("a", "b"), two, 1, 4, 4, new int[] {1, 1});

    assertThat(scores).containsExactly(expected(0), expected(0));
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void theSelectedAxisOrTheMeanIsReturned() {
    String answer = "{\"explanation\": \"x\", \"accuracy\": 9, \"originality\": 2, \"visual_quality\": 7.5,"
        + " \"consistency\": 6, \"emotional_resonance\": 0.5}";
    fake.script((req, valid) -> FakeGemini.Reply.ok(answer));
    Map<String, Float> expectedByAxis = Map.of("mean", 5.0f, "accuracy", 9f, "originality", 2f, "visual-quality", 7.5f,
        "consistency", 6f, "emotional-resonance", 0.5f);
    expectedByAxis.forEach((axis, value) ->
        assertThat(score(judge(config(fake, cacheDir, "axis: " + axis)), 1)[0]).as(axis).isEqualTo(value));

    // every axis is also reported as a part score, for candidates.jsonl
    VerifierScores all = judge(config(fake, cacheDir, "axis: accuracy"))
        .scoreAll(JudgeFixture.ids(1), JudgeFixture.images(1), 1, 4, 4, new int[] {1});
    assertThat(all.total()).containsExactly(9f);
    assertThat(all.parts()).containsOnlyKeys("gemini-judge.accuracy", "gemini-judge.originality",
        "gemini-judge.visual-quality", "gemini-judge.consistency", "gemini-judge.emotional-resonance");
    assertThat(all.parts().get("gemini-judge.visual-quality")).containsExactly(7.5f);
    assertThat(all.parts().get("gemini-judge.emotional-resonance")).containsExactly(0.5f);
  }

  @Test
  void aClassWithoutAPromptIsAClearError() {
    GeminiJudge judge = judge(config(fake, cacheDir, "prompts: [only one]"));

    assertThatThrownBy(() -> judge.score(List.of("c7"), JudgeFixture.images(1), 1, 4, 4, new int[] {3}))
        .isInstanceOf(ConfigException.class)
        .hasMessage("plugin gemini-judge: verifier gemini-judge: candidate c7 is of class 3, but prompts has 1 "
            + "entries (one text prompt per class, in label order)");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void duplicateIdsInABatchAreRefused() {
    GeminiJudge judge = judge(config(fake, cacheDir));
    assertThatThrownBy(() -> judge.score(List.of("x", "x"), JudgeFixture.images(2), 1, 4, 4, new int[] {1, 1}))
        .hasMessageContaining("candidate id x appears twice");
  }

  @Test
  void aMissingKeyVariableIsAConfigErrorNamingIt() {
    GeminiJudgeConfig c = config(fake, cacheDir, "api-key-env: DIFFSEARCH_TEST_SURELY_UNSET_9F3A");

    assertThatThrownBy(() -> new GeminiJudgeVerifier().create(c, new ModelContext(null, cacheDir)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api-key-env")
        .hasMessageContaining("environment variable DIFFSEARCH_TEST_SURELY_UNSET_9F3A is not set");
    assertThatThrownBy(() -> new GeminiJudge(c, cacheDir, Map.of("DIFFSEARCH_TEST_SURELY_UNSET_9F3A", "  ")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DIFFSEARCH_TEST_SURELY_UNSET_9F3A is empty");
    assertThatThrownBy(() -> new GeminiJudge(c, cacheDir, Map.of("DIFFSEARCH_TEST_SURELY_UNSET_9F3A", "abc def")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("abc");
  }

  @Test
  void scoresAVerifierInputOfNdArraysByCandidateId() {
    fake.script((req, valid) -> new FakeGemini.Reply(200, FakeGemini.responseWithText(valid),
        (long) (3 - indexOfGrey(req.meanGrey())) * 30, null));
    GeminiJudge judge = judge(config(fake, cacheDir));
    assertThat(judge.needsCondition()).isTrue();
    assertThat(judge.tapSigmas()).isEmpty();
    try (NDManager m = NDManager.newBaseManager()) {
      var samples = m.create(JudgeFixture.images(3), new Shape(3, 1, 4, 4));
      VerifierInput input = new VerifierInput(JudgeFixture.ids(3), samples, new int[] {1, 1, 1}, Map.of());
      assertThat(judge.score(input)).containsExactly(expectedScores(3), within(1e-6f));
      assertThat(judge.scoreAll(input).parts().get("gemini-judge.consistency")).containsExactly(expectedScores(3), within(1e-6f));
      assertThat(fake.requestCount()).isEqualTo(3); // the second call came from the cache
    }
  }

  @Test
  void theExtensionIsNamedGeminiJudgeAndBindsItsConfig() {
    GeminiJudgeVerifier ext = new GeminiJudgeVerifier();
    assertThat(ext.name()).isEqualTo("gemini-judge");
    assertThat(ext.configType()).isEqualTo(GeminiJudgeConfig.class);
    assertThat(ext.description()).isNotBlank();
  }
}
