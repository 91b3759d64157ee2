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
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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

  /**
   * A script that holds each of {@code n} requests until all {@code n} have arrived, then answers them
   * last candidate first: candidate i is answered only after candidate i + 1 was.
   */
  private FakeGemini.Script lastCandidateAnsweredFirst(int n) {
    CountDownLatch allArrived = new CountDownLatch(n);
    return (req, valid) -> {
      allArrived.countDown();
      allArrived.await();
      int i = indexOfGrey(req.meanGrey());
      if (i < n - 1) {
        fake.awaitAnswered(other -> indexOfGrey(other.meanGrey()) == i + 1);
      }
      return FakeGemini.Reply.ok(valid);
    };
  }

  @Test
  void eachCandidateGetsItsOwnScoreWhenLaterOnesFinishFirst() {
    int n = 8;
    fake.script(lastCandidateAnsweredFirst(n));
    GeminiJudge judge = judge(config(fake, cacheDir, "max-in-flight: 8"));

    float[] scores = score(judge, n);

    assertThat(scores).containsExactly(expectedScores(n), within(1e-6f));
    assertThat(fake.maxConcurrent()).isEqualTo(n); // they really overlapped
    assertThat(fake.answered().stream().map(s -> indexOfGrey(s.meanGrey())).toList())
        .containsExactly(7, 6, 5, 4, 3, 2, 1, 0); // and really finished in reverse
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
    // the first three are held until all three are in: the bound is reached for sure, never passed
    CountDownLatch firstThree = new CountDownLatch(3);
    fake.script((req, valid) -> {
      if (req.index() < 3) {
        firstThree.countDown();
        firstThree.await();
      }
      return FakeGemini.Reply.ok(valid);
    });
    GeminiJudge judge = judge(config(fake, cacheDir, "max-in-flight: 3"));

    float[] scores = score(judge, 10);

    assertThat(scores).containsExactly(expectedScores(10), within(1e-6f));
    assertThat(fake.requestCount()).isEqualTo(10);
    assertThat(fake.maxConcurrent()).isEqualTo(3);
  }

  /** When each request was let go, in virtual milliseconds: 0 for those that did not wait, sorted. */
  private static List<Long> sendTimesMillis(VirtualTicker ticker, int requests) {
    List<Long> times = new ArrayList<>();
    ticker.sleeps().forEach(sl -> times.add(Math.round(sl.until() / 1e6)));
    while (times.size() < requests) {
      times.add(0L);
    }
    return times.stream().sorted().toList();
  }

  @Test
  void keepsToTheRateLimit() {
    // 400 per minute = one every 150 ms, bucket of 1: six asked at once go 150 ms apart
    VirtualTicker ticker = VirtualTicker.frozen();
    GeminiJudge judge = judge(config(fake, cacheDir, "requests-per-minute: 400", "burst: 1", "max-in-flight: 6"), ticker);

    assertThat(score(judge, 6)).containsExactly(expectedScores(6), within(1e-6f));

    assertThat(fake.requestCount()).isEqualTo(6);
    assertThat(ticker.sleeps()).hasSize(5); // all but the first waited for a token
    assertThat(sendTimesMillis(ticker, 6)).containsExactly(0L, 150L, 300L, 450L, 600L, 750L);
  }

  @Test
  void aBurstStartsAtOnceThenTheRateApplies() {
    // 120 per minute = one every 500 ms, bucket of 3: three at once, the fourth 500 ms later
    VirtualTicker ticker = VirtualTicker.frozen();
    GeminiJudge judge = judge(config(fake, cacheDir, "requests-per-minute: 120", "burst: 3", "max-in-flight: 4",
        "cache: false"), ticker);

    score(judge, 4);
    assertThat(sendTimesMillis(ticker, 4)).containsExactly(0L, 0L, 0L, 500L);

    // a quiet spell refills the bucket to 3, not beyond: the next batch again has one request wait
    ticker.advance(60_000);
    score(judge, 4);
    assertThat(ticker.sleepMillis()).containsExactly(500L, 500L);
    assertThat(fake.requestCount()).isEqualTo(8);
  }

  @Test
  void retriesA429AfterTheRetryAfterSeconds() {
    fake.script((req, valid) -> req.index() == 0
        ? new FakeGemini.Reply(429, FakeGemini.errorBody(429, "RESOURCE_EXHAUSTED", "Quota exceeded"), "1")
        : FakeGemini.Reply.ok(valid));
    VirtualTicker ticker = VirtualTicker.advancing();
    GeminiJudge judge = judge(config(fake, cacheDir), ticker);

    float[] scores = score(judge, 1);

    assertThat(scores[0]).isEqualTo(expected(0));
    assertThat(fake.requestCount()).isEqualTo(2);
    // the backoff alone would be ≤ 1 ms here: the one wait is the server's second
    assertThat(ticker.sleepMillis()).containsExactly(1000L);
  }

  @Test
  void retriesA429AfterTheRetryInfoDelayOfTheErrorBody() {
    String body = "{\"error\": {\"code\": 429, \"message\": \"Resource exhausted\", \"status\": \"RESOURCE_EXHAUSTED\","
        + " \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"0.4s\"}]}}";
    fake.script((req, valid) -> req.index() == 0 ? new FakeGemini.Reply(429, body, null) : FakeGemini.Reply.ok(valid));
    VirtualTicker ticker = VirtualTicker.advancing();
    GeminiJudge judge = judge(config(fake, cacheDir), ticker);

    score(judge, 1);

    assertThat(fake.requestCount()).isEqualTo(2);
    assertThat(ticker.sleepMillis()).containsExactly(400L);
  }

  @Test
  void retriesServerErrorsWithExponentialFullJitterBackoff() {
    fake.script((req, valid) -> req.index() < 2
        ? FakeGemini.Reply.error(req.index() == 0 ? 500 : 503, "UNAVAILABLE", "overloaded")
        : FakeGemini.Reply.ok(valid));
    VirtualTicker ticker = VirtualTicker.advancing();
    // the documented defaults: retry n waits up to 1 s · 2^(n−1)
    GeminiJudge judge = judge(config(fake, cacheDir, "backoff-base-ms: 1000", "backoff-max-ms: 60000"), ticker);

    assertThat(score(judge, 1)[0]).isEqualTo(expected(0));
    assertThat(fake.requestCount()).isEqualTo(3);
    List<Long> waits = ticker.sleeps().stream().map(VirtualTicker.Sleep::nanos).toList();
    assertThat(waits).hasSizeLessThanOrEqualTo(2); // a jitter of exactly 0 is no wait
    assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(1L, 2_000_000_000L));
    if (waits.size() == 2) {
      assertThat(waits.get(0)).isLessThanOrEqualTo(1_000_000_000L); // the first retry's ceiling
    }
    assertThat(ticker.nanos()).isLessThanOrEqualTo(3_000_000_000L); // ≤ 1 s + ≤ 2 s
  }

  @Test
  void retriesTakeTokensFromTheRateLimitToo() {
    fake.script((req, valid) -> req.index() < 2 ? FakeGemini.Reply.error(503, "UNAVAILABLE", "overloaded") : FakeGemini.Reply.ok(valid));
    VirtualTicker ticker = VirtualTicker.advancing();
    // one a second, no backoff of its own: each retry waits for its token
    GeminiJudge judge = judge(config(fake, cacheDir, "requests-per-minute: 60", "burst: 1", "backoff-base-ms: 0",
        "backoff-max-ms: 0"), ticker);

    assertThat(score(judge, 1)[0]).isEqualTo(expected(0));
    assertThat(fake.requestCount()).isEqualTo(3);
    assertThat(ticker.sleepMillis()).containsExactly(1000L, 1000L);
  }

  @Test
  void givesUpAfterMaxAttemptsWithOneLineNamingPluginVerifierAndCandidate() {
    fake.script((req, valid) -> FakeGemini.Reply.error(503, "UNAVAILABLE", "The model is\noverloaded"));
    GeminiJudge judge = judge(config(fake, cacheDir, "max-attempts: 3"));

    assertThatThrownBy(() -> score(judge, 1))
        .isInstanceOf(GeminiJudge.JudgeException.class)
        .hasMessage("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: "
            + "gave up after 3 attempts, last: HTTP 503 UNAVAILABLE: The model is overloaded");
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void retriesATimeout() {
    // the first request stalls until the server closes; the retry is answered at once
    CountDownLatch never = new CountDownLatch(1);
    fake.script((req, valid) -> {
      if (req.index() == 0) {
        never.await();
      }
      return FakeGemini.Reply.ok(valid);
    });
    // 1 s: the retry's answer must come within it on a busy machine too; the stalled first one never does
    GeminiJudge judge = judge(config(fake, cacheDir, "timeout-seconds: 1"));

    assertThat(score(judge, 1)[0]).isEqualTo(expected(0));

    // the first attempt was given up as timed out (not answered late), and a retry brought the answer
    assertThat(fake.answered()).extracting(FakeGemini.Seen::index).isNotEmpty().doesNotContain(0);
    assertThat(fake.requestCount()).isGreaterThanOrEqualTo(2);
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(m -> assertThat(m).contains("candidate o0000-class01-s000-c0000: no answer within 1000 ms; attempt 1/5 failed"));
  }

  @Test
  void timeoutsCountAsFailedAttempts() {
    CountDownLatch never = new CountDownLatch(1);
    fake.script((req, valid) -> {
      never.await(); // every request stalls until the server closes
      return FakeGemini.Reply.ok(valid);
    });
    VirtualTicker ticker = VirtualTicker.advancing();
    GeminiJudge judge = judge(config(fake, cacheDir, "timeout-seconds: 0.2", "max-attempts: 2"), ticker);

    assertThatThrownBy(() -> score(judge, 1))
        .hasMessage("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: "
            + "gave up after 2 attempts, last: no answer within 200 ms");
    assertThat(fake.answered()).isEmpty();
  }

  /** The base URL of a port that nothing listens on: a server's, closed. */
  private static String closedPortUrl() throws IOException {
    FakeGemini gone = new FakeGemini();
    String url = gone.baseUrl();
    gone.close();
    return url;
  }

  @Test
  void aDeadJudgeFailsAtOnceWithOneLineNamingTheUrl() throws IOException {
    String url = closedPortUrl();
    // examples/gemini-judge.yaml's pacing: 10 a minute, 5 attempts, 1 s..60 s backoff, 4 in flight
    String[] example = {"base-url: " + url, "requests-per-minute: 10", "burst: 1", "max-in-flight: 4",
        "max-attempts: 5", "backoff-base-ms: 1000", "backoff-max-ms: 60000", "timeout-seconds: 60",
        "model: gemini-3.5-flash"};
    VirtualTicker ticker = VirtualTicker.advancing();
    GeminiJudge judge = judge(config(fake, cacheDir, example), ticker);

    assertThatThrownBy(() -> score(judge, 1))
        .isInstanceOf(GeminiJudge.JudgeException.class)
        .hasMessage("plugin gemini-judge: verifier gemini-judge: candidate o0000-class01-s000-c0000: cannot connect to "
            + url + "/models/gemini-3.5-flash:generateContent: connection refused; not retried (check base-url and that"
            + " the server is up)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(KEY).doesNotContain("?"));
    // one attempt: a second would have waited 6 s for its token (10 a minute) and backed off first
    assertThat(ticker.sleeps()).isEmpty();
    assertThat(ticker.nanos()).isZero();

    // a batch of four (as in the example): at most one attempt each, so at most three token waits
    VirtualTicker batch = VirtualTicker.advancing();
    assertThatThrownBy(() -> score(judge(config(fake, cacheDir, example), batch), 4))
        .hasMessageContaining("cannot connect to " + url + "/models/gemini-3.5-flash:generateContent: connection refused");
    assertThat(batch.sleepMillis()).hasSizeLessThanOrEqualTo(3).allSatisfy(ms -> assertThat(ms % 6000).isZero());
  }

  @Test
  void aClientErrorFailsAtOnceAndTheKeyEchoedByTheServerIsRedacted() {
    fake.script((req, valid) ->
        FakeGemini.Reply.error(400, "INVALID_ARGUMENT", "API key not valid: " + KEY + ". Please pass a valid API key."));
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
        ? new FakeGemini.Reply(200, answer.substring(4), null)
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
  void scoreMinGivesAFiniteScoreBelowEveryJudgementAndAWarningNamingTheCandidate() {
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
    assertThat(scores[2]).isEqualTo(-1f).isLessThan((float) Axis.MIN);
    assertThat(scores[3]).isEqualTo(expected(3));
    assertThat(warnings()).singleElement().asString()
        .contains("plugin gemini-judge", "verifier gemini-judge", "candidate o0000-class01-s000-c0002", "scores -1.0",
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
    fake.script((req, valid) -> new FakeGemini.Reply(500, "{}", null));
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
  void creatingTheJudgeNeedsNoKey() {
    // what `diffsearch regenerate` does: the pipeline is built, the verifier made, nothing scored
    GeminiJudgeConfig c = config(fake, cacheDir, "api-key-env: DIFFSEARCH_TEST_SURELY_UNSET_9F3A");

    var verifier = new GeminiJudgeVerifier().create(c, new ModelContext(null, cacheDir));

    assertThat(verifier.needs()).isEqualTo(Verifier.Needs.CLASS_OR_PROMPT);
    assertThat(verifier.tapSigmas()).isEmpty();
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void aMissingKeyStopsTheFirstScoringBeforeAnyRequestNamingTheVariable() {
    GeminiJudgeConfig c = config(fake, cacheDir, "api-key-env: DIFFSEARCH_TEST_SURELY_UNSET_9F3A");

    var verifier = new GeminiJudgeVerifier().create(c, new ModelContext(null, cacheDir));
    try (NDManager m = NDManager.newBaseManager()) {
      VerifierInput input = new VerifierInput(JudgeFixture.ids(2), m.create(JudgeFixture.images(2), new Shape(2, 1, 4, 4)),
          new int[] {1, 1}, Map.of());
      assertThatThrownBy(() -> verifier.score(input))
          .isInstanceOf(ConfigException.class)
          .hasMessage("plugin gemini-judge: verifier gemini-judge: api-key-env: environment variable "
              + "DIFFSEARCH_TEST_SURELY_UNSET_9F3A is not set; gemini-judge reads the Gemini API key from it "
              + "(export DIFFSEARCH_TEST_SURELY_UNSET_9F3A=... or name another variable with api-key-env)");
    }
    assertThatThrownBy(() -> score(new GeminiJudge(c, cacheDir, Map.of("DIFFSEARCH_TEST_SURELY_UNSET_9F3A", "  ")::get), 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DIFFSEARCH_TEST_SURELY_UNSET_9F3A is empty");
    assertThatThrownBy(() -> score(new GeminiJudge(c, cacheDir, Map.of("DIFFSEARCH_TEST_SURELY_UNSET_9F3A", "abc def")::get), 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DIFFSEARCH_TEST_SURELY_UNSET_9F3A holds characters an API key cannot have")
        .hasMessageNotContaining("abc");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void aBatchAnsweredFromTheCacheNeedsNoKeyButANewCandidateDoes() {
    float[] first = score(judge(config(fake, cacheDir)), 2);
    GeminiJudgeConfig noKey = config(fake, cacheDir, "api-key-env: DIFFSEARCH_TEST_SURELY_UNSET_9F3A");

    assertThat(score(new GeminiJudge(noKey, cacheDir, Map.<String, String>of()::get), 2)).containsExactly(first);
    assertThat(fake.requestCount()).isEqualTo(2);

    assertThatThrownBy(() -> score(new GeminiJudge(noKey, cacheDir, Map.<String, String>of()::get), 3))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable DIFFSEARCH_TEST_SURELY_UNSET_9F3A is not set");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void scoresAVerifierInputOfNdArraysByCandidateId() {
    fake.script(lastCandidateAnsweredFirst(3));
    GeminiJudge judge = judge(config(fake, cacheDir));
    assertThat(judge.needs()).isEqualTo(Verifier.Needs.CLASS_OR_PROMPT);
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
  void aRowWithAPromptIsJudgedAgainstItsTextAndARowWithOnlyAClassAgainstItsClassText() {
    GeminiJudge judge = judge(config(fake, cacheDir));
    Condition.Prompt fox = new Condition.Prompt("fox", "a \"red\" fox in the snow", Map.of("category", "animals"));
    List<Condition> conditions = List.of(Condition.ofPrompt(fox), Condition.ofClass(1), new Condition(9, fox));
    try (NDManager m = NDManager.newBaseManager()) {
      var samples = m.create(JudgeFixture.images(3), new Shape(3, 1, 4, 4));
      assertThat(judge.score(new VerifierInput(JudgeFixture.ids(3), samples, Map.of(), conditions)))
          .containsExactly(expectedScores(3), within(1e-6f));
    }
    List<FakeGemini.Seen> seen = fake.requests();
    assertThat(seen).hasSize(3);
    // the prompt's text wins over the class; quotes in it are made single, as in every prompt
    assertThat(seen).filteredOn(s -> s.prompt().contains("\"a 'red' fox in the snow\""))
        .extracting(FakeGemini.Seen::meanGrey).containsExactlyInAnyOrder((double) JudgeFixture.grey(0), (double) JudgeFixture.grey(2));
    assertThat(seen).filteredOn(s -> s.prompt().contains("\"Trouser\""))
        .extracting(FakeGemini.Seen::meanGrey).containsExactly((double) JudgeFixture.grey(1));
  }

  @Test
  void theExtensionIsNamedGeminiJudgeAndBindsItsConfig() {
    GeminiJudgeVerifier ext = new GeminiJudgeVerifier();
    assertThat(ext.name()).isEqualTo("gemini-judge");
    assertThat(ext.configType()).isEqualTo(GeminiJudgeConfig.class);
    assertThat(ext.description()).isNotBlank();
  }
}
