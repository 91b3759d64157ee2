package dev.diffsearch.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts generateContent requests. Every attempt takes a token from the rate limiter; 429, 5xx, timeouts
 * and I/O errors are retried up to {@code maxAttempts} with exponential backoff and full jitter, never
 * sooner than the server's Retry-After. Other statuses fail at once, and so does a connection that
 * nothing answers (refused, unknown host, no route): backoff cannot mend a wrong URL or a server that
 * is not there. The key goes in the {@code x-goog-api-key} header only, and server text is redacted
 * before it is logged or thrown. Backoff is waited through the {@link Ticker}.
 */
final class GeminiClient {

  private static final Logger LOG = LoggerFactory.getLogger(GeminiClient.class);
  private static final Pattern RETRY_DELAY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)s");

  /** A request that failed for good: a non-retryable status, or the last of its attempts. */
  static final class RequestFailedException extends Exception {
    RequestFailedException(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient http;
  private final URI endpoint;
  private final ApiKey key;
  private final Duration timeout;
  private final int maxAttempts;
  private final long backoffBaseMs;
  private final long backoffMaxMs;
  private final RateLimiter limiter;
  private final Ticker ticker;

  GeminiClient(GeminiJudgeConfig config, ApiKey key, RateLimiter limiter, Ticker ticker) {
    this.endpoint = URI.create(config.baseUrl() + "/models/" + config.model() + ":generateContent");
    this.key = key;
    this.timeout = Duration.ofMillis(Math.max(1, Math.round(config.timeoutSeconds() * 1000)));
    this.maxAttempts = config.maxAttempts();
    this.backoffBaseMs = config.backoffBaseMs();
    this.backoffMaxMs = config.backoffMaxMs();
    this.limiter = limiter;
    this.ticker = ticker;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    ProxySelector proxy = ProxySelector.getDefault();
    if (proxy != null) {
      builder.proxy(proxy); // honour -Dhttps.proxyHost etc.
    }
    this.http = builder.build();
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * The body of a 200 answer to {@code body}. {@code candidate} only labels log lines.
   *
   * @throws RequestFailedException with a one-line reason (no key in it) when no attempt succeeded
   */
  String generate(byte[] body, String candidate) throws RequestFailedException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("x-goog-api-key", key.value())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    String last = "no attempt made";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      limiter.acquire();
      long retryAfterMs = 0;
      CompletableFuture<HttpResponse<String>> future =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      try {
        HttpResponse<String> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int status = response.statusCode();
        if (status == 200) {
          return response.body();
        }
        String detail = "HTTP " + status + errorMessage(response.body());
        if (!retryable(status)) {
          throw new RequestFailedException(detail);
        }
        last = detail;
        retryAfterMs = retryAfterMillis(response);
      } catch (TimeoutException e) {
        future.cancel(true);
        last = "no answer within " + timeout.toMillis() + " ms";
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String unreachable = unreachable(cause);
        if (unreachable != null) {
          throw new RequestFailedException("cannot connect to " + displayUrl(endpoint) + ": " + unreachable
              + "; not retried (check base-url and that the server is up)");
        } else if (cause instanceof HttpTimeoutException) {
          last = "no answer within " + timeout.toMillis() + " ms";
        } else if (cause instanceof IOException) {
          last = "I/O error: " + oneLine(key.redact(String.valueOf(cause.getMessage())), cause.getClass().getSimpleName());
        } else {
          throw new RequestFailedException("request failed: " + oneLine(key.redact(String.valueOf(cause.getMessage())), cause.getClass().getSimpleName()));
        }
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      }
      if (attempt == maxAttempts) {
        break;
      }
      long wait = Math.max(retryAfterMs, fullJitter(attempt, backoffBaseMs, backoffMaxMs));
      LOG.debug("gemini-judge: candidate {}: {}; attempt {}/{} failed, retrying in {} ms", candidate, last, attempt, maxAttempts, wait);
      if (retryAfterMs >= 10_000) {
        LOG.warn("gemini-judge: the server asked to wait {} s before retrying ({}); consider a lower requests-per-minute",
            retryAfterMs / 1000, last);
      }
      ticker.sleep(TimeUnit.MILLISECONDS.toNanos(wait));
    }
    throw new RequestFailedException(
        "gave up after " + maxAttempts + (maxAttempts == 1 ? " attempt" : " attempts") + ", last: " + last);
  }

  /**
   * Why nothing answered the connection, when {@code error} (or a cause of it) says so: connection
   * refused, unknown host, no route to host; null for any other error (a reset or a timeout is retried).
   */
  static String unreachable(Throwable error) {
    boolean connect = false;
    int depth = 0;
    for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      // the JDK client wraps an unresolvable host in a ConnectException too: its causes decide first
      connect |= t instanceof ConnectException;
    }
    return connect ? "connection refused" : null;
  }

  /** {@code scheme://host[:port]/path} of {@code uri}: never user info, a query or a fragment. */
  static String displayUrl(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  static boolean retryable(int status) {
    return status == 429 || status == 408 || status >= 500;
  }

  /**
   * Attempt {@code retry} (1 = the first retry) waits a uniform random time in
   * [0, min(max, base·2^(retry−1))]: exponential backoff with full jitter.
   */
  static long fullJitter(int retry, long baseMs, long maxMs) {
    int shift = Math.min(Math.max(retry - 1, 0), 40);
    long ceiling = baseMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, baseMs << shift);
    return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  /**
   * How long the server asked to wait: the Retry-After header (seconds or an HTTP date), else a
   * {@code google.rpc.RetryInfo} retryDelay in the error body; 0 when neither is there.
   */
  static long retryAfterMillis(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isPresent()) {
      long ms = parseRetryAfter(header.get().trim(), Instant.now());
      if (ms >= 0) {
        return ms;
      }
    }
    return retryInfoMillis(response.body());
  }

  /** Retry-After as milliseconds from {@code now}; −1 when it is neither delay-seconds nor an HTTP date. */
  static long parseRetryAfter(String value, Instant now) {
    if (value.matches("[0-9]+(\\.[0-9]+)?")) {
      return Math.round(Double.parseDouble(value) * 1000);
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Math.max(0, Duration.between(now.atZone(ZoneOffset.UTC), at).toMillis());
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  static long retryInfoMillis(String body) {
    try {
      JsonNode details = Rubric.JSON.readTree(body == null ? "" : body).path("error").path("details");
      for (JsonNode d : details) {
        if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
          Matcher m = RETRY_DELAY.matcher(d.path("retryDelay").asText(""));
          if (m.matches()) {
            return Math.round(Double.parseDouble(m.group(1)) * 1000);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a Google error body
    }
    return 0;
  }

  /** ": MESSAGE" from a Google error body ({@code {"error": {"message": ...}}}), redacted, or "". */
  private String errorMessage(String body) {
    try {
      JsonNode error = Rubric.JSON.readTree(body == null ? "" : body).path("error");
      String message = error.path("message").asText("");
      if (!message.isEmpty()) {
        String status = error.path("status").asText("");
        return (status.isEmpty() ? "" : " " + oneLine(status, "")) + ": " + oneLine(key.redact(message), "");
      }
    } catch (IOException | RuntimeException e) {
      // not a Google error body
    }
    return "";
  }

  /** {@code s} on one line, at most 200 characters; {@code fallback} when blank. */
  static String oneLine(String s, String fallback) {
    String t = s == null || s.isBlank() || s.equals("null") ? fallback : s.replaceAll("\\s+", " ").trim();
    return t.length() > 200 ? t.substring(0, 197) + "..." : t;
  }
}
