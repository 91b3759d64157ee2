package dev.diffsearch.plugins.gemini;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Options of the {@code gemini-judge} verifier. Every key is optional; see the module README for the
 * table.
 *
 * @param model the Gemini model id, e.g. {@code gemini-3.5-flash}
 * @param baseUrl the API root; requests go to {@code BASE/models/MODEL:generateContent}
 * @param apiKeyEnv the NAME of the environment variable that holds the API key (never the key itself)
 * @param axis the score returned: one of the five axes, or {@code mean} of all five
 * @param prompts the text prompt of each class, indexed by class label
 * @param timeoutSeconds per-request timeout (connect + answer)
 * @param maxAttempts attempts per request on 429, 5xx, timeouts and I/O errors (1 = no retry)
 * @param backoffBaseMs first backoff ceiling; attempt n waits a uniform random time in
 *     [0, min(backoff-max-ms, base·2^(n−1))] (full jitter), or longer when the server says Retry-After
 * @param backoffMaxMs the ceiling of one jittered backoff
 * @param requestsPerMinute client-side rate limit (token bucket refill rate), retries included
 * @param burst token bucket capacity: requests that may start at once after a quiet spell
 * @param maxInFlight most requests under way at the same time; a batch is judged this concurrently
 * @param cache whether answers are kept on disk (a re-run then costs no request)
 * @param cacheDir where; {@code ~} is the user's home, a relative path is resolved against the config file
 * @param onInvalid what an answer that is still invalid after one retry does: {@code fail} stops the run,
 *     {@code score-min} scores the candidate −1 (below any valid judgement, 0..10) with a warning
 * @param upscale nearest-neighbour enlargement of each sample before it is sent (28 px → 224 px at 8)
 * @param temperature sampling temperature sent to the model; the model's default when absent
 */
public record GeminiJudgeConfig(
    String model,
    String baseUrl,
    String apiKeyEnv,
    String axis,
    List<String> prompts,
    Double timeoutSeconds,
    Integer maxAttempts,
    Long backoffBaseMs,
    Long backoffMaxMs,
    Double requestsPerMinute,
    Integer burst,
    Integer maxInFlight,
    Boolean cache,
    String cacheDir,
    String onInvalid,
    Integer upscale,
    Double temperature)
    implements ValidatedConfig {

  public static final String DEFAULT_MODEL = "gemini-3.5-flash";
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
  public static final String DEFAULT_API_KEY_ENV = "GEMINI_API_KEY";
  public static final String DEFAULT_CACHE_DIR = "~/.cache/diffsearch/gemini-judge";

  /** The ten Fashion-MNIST classes, in label order. */
  public static final List<String> FASHION_MNIST_CLASSES =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
          "Ankle boot");

  public GeminiJudgeConfig {
    model = model == null ? DEFAULT_MODEL : model.trim();
    baseUrl = baseUrl == null ? DEFAULT_BASE_URL : stripTrailingSlash(baseUrl.trim());
    apiKeyEnv = apiKeyEnv == null ? DEFAULT_API_KEY_ENV : apiKeyEnv.trim();
    axis = axis == null ? "mean" : axis.trim();
    prompts = prompts == null ? FASHION_MNIST_CLASSES : List.copyOf(prompts);
    timeoutSeconds = timeoutSeconds == null ? 60.0 : timeoutSeconds;
    maxAttempts = maxAttempts == null ? 5 : maxAttempts;
    backoffBaseMs = backoffBaseMs == null ? 1000L : backoffBaseMs;
    backoffMaxMs = backoffMaxMs == null ? 60_000L : backoffMaxMs;
    requestsPerMinute = requestsPerMinute == null ? 60.0 : requestsPerMinute;
    burst = burst == null ? 1 : burst;
    maxInFlight = maxInFlight == null ? 4 : maxInFlight;
    cache = cache == null ? Boolean.TRUE : cache;
    cacheDir = cacheDir == null ? DEFAULT_CACHE_DIR : cacheDir;
    onInvalid = onInvalid == null ? "fail" : onInvalid.trim();
    upscale = upscale == null ? 8 : upscale;
  }

  /** All defaults: what an empty {@code verifier: {name: gemini-judge}} block binds to. */
  public static GeminiJudgeConfig defaults() {
    return new GeminiJudgeConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  @Override
  public void validate() {
    if (model.isEmpty() || !model.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw ConfigException.at("model", "must be a Gemini model id such as " + DEFAULT_MODEL + ", got '" + model + "'");
    }
    validateBaseUrl(baseUrl);
    if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw ConfigException.at("api-key-env",
          "must be the NAME of an environment variable (letters, digits, _), e.g. " + DEFAULT_API_KEY_ENV
              + "; put the key itself in that variable, never in the config");
    }
    Axis.parseSelection(axis); // throws ConfigException.at("axis", ...)
    if (prompts.isEmpty()) {
      throw ConfigException.at("prompts", "must list at least one prompt (one per class, in label order)");
    }
    for (int i = 0; i < prompts.size(); i++) {
      if (prompts.get(i) == null || prompts.get(i).isBlank()) {
        throw ConfigException.at("prompts[" + i + "]", "must be a non-empty text prompt");
      }
    }
    if (!(timeoutSeconds > 0) || timeoutSeconds.isInfinite()) {
      throw ConfigException.at("timeout-seconds", "must be a number > 0, got " + timeoutSeconds);
    }
    if (maxAttempts < 1) {
      throw ConfigException.at("max-attempts", "must be at least 1, got " + maxAttempts);
    }
    if (backoffBaseMs < 0) {
      throw ConfigException.at("backoff-base-ms", "must be >= 0, got " + backoffBaseMs);
    }
    if (backoffMaxMs < backoffBaseMs) {
      throw ConfigException.at("backoff-max-ms",
          "must be >= backoff-base-ms (" + backoffBaseMs + "), got " + backoffMaxMs);
    }
    if (!(requestsPerMinute > 0) || requestsPerMinute.isInfinite()) {
      throw ConfigException.at("requests-per-minute", "must be a number > 0, got " + requestsPerMinute);
    }
    if (burst < 1) {
      throw ConfigException.at("burst", "must be at least 1, got " + burst);
    }
    if (maxInFlight < 1) {
      throw ConfigException.at("max-in-flight", "must be at least 1, got " + maxInFlight);
    }
    if (cache && cacheDir.isBlank()) {
      throw ConfigException.at("cache-dir", "must be a directory path (or set cache: false)");
    }
    if (!onInvalid.equals("fail") && !onInvalid.equals("score-min")) {
      throw ConfigException.at("on-invalid", "must be fail or score-min, got '" + onInvalid + "'");
    }
    if (upscale < 1 || upscale > 64) {
      throw ConfigException.at("upscale", "must be an integer from 1 to 64, got " + upscale);
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw ConfigException.at("temperature", "must be a number from 0 to 2, got " + temperature);
    }
  }

  /** The selected score: one axis, or null for the mean of all five. */
  Axis selectedAxis() {
    return Axis.parseSelection(axis);
  }

  boolean scoreMinOnInvalid() {
    return onInvalid.equals("score-min");
  }

  private static void validateBaseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw ConfigException.at("base-url", "is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw ConfigException.at("base-url", "must be an http(s) URL with a host, e.g. " + DEFAULT_BASE_URL);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw ConfigException.at("base-url", "must not carry a query, fragment or credentials (the key comes from api-key-env)");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw ConfigException.at("base-url",
          "plain http is only allowed to a loopback host: it would send the API key unencrypted; use https");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a name other than localhost: never resolved here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String stripTrailingSlash(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}
