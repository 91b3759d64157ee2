package dev.diffsearch.plugins.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The small parts: answer parsing, token bucket, backoff, Retry-After, cache key, upscaling. */
class PartsTest {

  @Test
  void aValidAnswerParsesAllAxesAndTheExplanation() throws Exception {
    Judgement j = Judgement.fromResponse(FakeGemini.responseWithText(
        "{\"explanation\": \"A boot.\", \"accuracy\": 8, \"originality\": 3.5, \"visual_quality\": 6,"
            + " \"consistency\": 10, \"emotional_resonance\": 0}"));
    assertThat(j.explanation()).isEqualTo("A boot.");
    assertThat(j.score(Axis.ACCURACY)).isEqualTo(8f);
    assertThat(j.score(Axis.ORIGINALITY)).isEqualTo(3.5f);
    assertThat(j.score(null)).isEqualTo(5.5f);
  }

  @Test
  void thoughtPartsAreSkippedAndAFencedAnswerIsRead() throws Exception {
    String body = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"thinking...\", \"thought\": true},"
        + " {\"text\": \"```json\\n" + FakeGemini.validAnswer(4).replace("\"", "\\\"") + "\\n```\"}]},"
        + " \"finishReason\": \"STOP\"}]}";
    assertThat(Judgement.fromResponse(body).score(null)).isEqualTo(4f);
  }

  @Test
  void aTruncatedAnswerNamesTheFinishReason() {
    String body = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"{\\\"explanation\\\": \\\"A\"}]},"
        + " \"finishReason\": \"MAX_TOKENS\"}]}";
    assertThatThrownBy(() -> Judgement.fromResponse(body))
        .hasMessage("the answer is not valid JSON (finishReason MAX_TOKENS)");
  }

  @Test
  void theTokenBucketSpacesRequestsByTheRefillInterval() throws InterruptedException {
    VirtualTicker ticker = VirtualTicker.frozen();
    RateLimiter limiter = new RateLimiter(60, 2, ticker); // one a second, bucket of 2
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(1_000_000_000L);
    assertThat(limiter.reserve()).isEqualTo(2_000_000_000L);
    ticker.advance(10_000); // a long quiet spell refills to the capacity, not beyond
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(1_000_000_000L);
    limiter.acquire(); // waits out its token through the ticker
    assertThat(ticker.sleepMillis()).containsExactly(2000L);
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCeiling() {
    for (int retry = 1; retry <= 12; retry++) {
      long ceiling = Math.min(1000, 10L << (retry - 1));
      long max = 0;
      for (int k = 0; k < 2000; k++) {
        long d = GeminiClient.fullJitter(retry, 10, 1000);
        assertThat(d).isBetween(0L, ceiling);
        max = Math.max(max, d);
      }
      assertThat(max).isGreaterThan(ceiling / 2); // spread over the range, not a fixed delay
    }
    assertThat(GeminiClient.fullJitter(200, 1000, 60_000)).isBetween(0L, 60_000L); // no overflow
    assertThat(GeminiClient.fullJitter(3, 0, 0)).isZero();
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    assertThat(GeminiClient.parseRetryAfter("2", now)).isEqualTo(2000);
    assertThat(GeminiClient.parseRetryAfter("0.25", now)).isEqualTo(250);
    String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(5).atZone(ZoneOffset.UTC));
    assertThat(GeminiClient.parseRetryAfter(inFiveSeconds, now)).isEqualTo(5000);
    assertThat(GeminiClient.parseRetryAfter("Sun, 01 Mar 2026 13:00:30 +0100", now)).isEqualTo(30_000);
    assertThat(GeminiClient.parseRetryAfter(inFiveSeconds, now.plusSeconds(60))).isZero(); // past: at once
    assertThat(GeminiClient.parseRetryAfter("soon", now)).isEqualTo(-1);
    assertThat(GeminiClient.retryInfoMillis(
        "{\"error\": {\"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"37s\"}]}}"))
        .isEqualTo(37_000);
    assertThat(GeminiClient.retryInfoMillis("<html>")).isZero();
    assertThat(GeminiClient.retryable(429)).isTrue();
    assertThat(GeminiClient.retryable(503)).isTrue();
    assertThat(GeminiClient.retryable(400)).isFalse();
    assertThat(GeminiClient.retryable(403)).isFalse();
  }

  @Test
  void nothingAnsweringTheConnectionIsToldApartFromErrorsWorthARetry() {
    // the JDK client's refused connection: a ConnectException without a message
    assertThat(GeminiClient.unreachable(new ConnectException())).isEqualTo("connection refused");
    ConnectException refused = new ConnectException();
    refused.initCause(new ClosedChannelException());
    assertThat(GeminiClient.unreachable(new IOException(refused))).isEqualTo("connection refused");
    // an unresolvable host comes wrapped in a ConnectException too
    ConnectException unresolved = new ConnectException();
    unresolved.initCause(new UnresolvedAddressException());
    assertThat(GeminiClient.unreachable(unresolved)).isEqualTo("unknown host");
    assertThat(GeminiClient.unreachable(new UnknownHostException("no.such.host"))).isEqualTo("unknown host");
    assertThat(GeminiClient.unreachable(new NoRouteToHostException())).isEqualTo("no route to host");
    // worth a retry: timeouts (connect included), resets, anything else
    assertThat(GeminiClient.unreachable(new HttpConnectTimeoutException("HTTP connect timed out"))).isNull();
    assertThat(GeminiClient.unreachable(new HttpTimeoutException("request timed out"))).isNull();
    assertThat(GeminiClient.unreachable(new IOException("Connection reset"))).isNull();
    assertThat(GeminiClient.unreachable(new IllegalStateException())).isNull();
  }

  @Test
  void theUrlInMessagesHasNoCredentialsQueryOrFragment() {
    assertThat(GeminiClient.displayUrl(URI.create("https://user:pw@example.test:8443/v1beta/models/m:generateContent?key=AIzaSECRET#x")))
        .isEqualTo("https://example.test:8443/v1beta/models/m:generateContent");
    assertThat(GeminiClient.displayUrl(URI.create("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent")))
        .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent");
    assertThat(GeminiClient.displayUrl(URI.create("http://[::1]:9/v1beta"))).isEqualTo("http://[::1]:9/v1beta");
  }

  @Test
  void theCacheKeyIsTheSha256OfUnambiguousFields() {
    byte[] png = {1, 2, 3};
    String k = JudgeCache.key("m", "prompt", png);
    assertThat(k).matches("[0-9a-f]{64}").isEqualTo(JudgeCache.key("m", "prompt", png.clone()));
    assertThat(JudgeCache.key("m", "prompt", new byte[] {1, 2, 4})).isNotEqualTo(k);
    assertThat(JudgeCache.key("m2", "prompt", png)).isNotEqualTo(k);
    assertThat(JudgeCache.key("m", "prompt2", png)).isNotEqualTo(k);
    assertThat(JudgeCache.key("mp", "rompt", png)).isNotEqualTo(k); // field boundaries count
  }

  @Test
  void upscaleRepeatsEachPixelInBothDirections() {
    float[] chw = {1, 2, 3, 4, 5, 6, 7, 8}; // 2 channels of 2×2
    float[] out = GeminiJudge.upscale(chw, 2, 2, 2, 2);
    assertThat(out).containsExactly(
        1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4,
        5, 5, 6, 6, 5, 5, 6, 6, 7, 7, 8, 8, 7, 7, 8, 8);
  }

  @Test
  void theKeyPrintsAsStars() {
    ApiKey key = ApiKey.fromEnv("K", java.util.Map.of("K", "secret-123")::get);
    assertThat(key.toString()).isEqualTo("***");
    assertThat(key.redact("bad key secret-123!")).isEqualTo("bad key ***!");
  }
}
