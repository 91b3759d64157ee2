package dev.diffsearch.plugins.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiJudgeConfigTest {

  private static GeminiJudgeConfig bind(String yaml) {
    return JudgeFixture.bind(ConfigLoader.parse(yaml.isEmpty() ? "{}" : yaml, "test"));
  }

  @Test
  void anEmptyBlockTakesTheDefaults() {
    GeminiJudgeConfig c = bind("");
    assertThat(c).isEqualTo(GeminiJudgeConfig.defaults());
    assertThat(c.model()).isEqualTo("gemini-3.5-flash");
    assertThat(c.baseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
    assertThat(c.apiKeyEnv()).isEqualTo("GEMINI_API_KEY");
    assertThat(c.axis()).isEqualTo("mean");
    assertThat(c.selectedAxis()).isNull();
    assertThat(c.prompts()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot");
    assertThat(c.onInvalid()).isEqualTo("fail");
    assertThat(c.cache()).isTrue();
    assertThat(c.cacheDir()).isEqualTo("~/.cache/diffsearch/gemini-judge");
    assertThat(c.maxInFlight()).isEqualTo(4);
    assertThat(c.maxAttempts()).isEqualTo(5);
    assertThat(c.temperature()).isNull();
  }

  @Test
  void kebabCaseKeysBind() {
    GeminiJudgeConfig c = bind("""
        model: gemini-2.5-flash
        base-url: https://example.test/v1beta/
        api-key-env: MY_KEY
        axis: visual-quality
        prompts: [cat, dog]
        timeout-seconds: 12.5
        max-attempts: 2
        backoff-base-ms: 10
        backoff-max-ms: 100
        requests-per-minute: 30
        burst: 2
        max-in-flight: 7
        cache: false
        cache-dir: judge-cache
        on-invalid: score-min
        upscale: 1
        temperature: 0
        """);
    assertThat(c.baseUrl()).isEqualTo("https://example.test/v1beta");
    assertThat(c.selectedAxis()).isEqualTo(Axis.VISUAL_QUALITY);
    assertThat(c.prompts()).containsExactly("cat", "dog");
    assertThat(c.timeoutSeconds()).isEqualTo(12.5);
    assertThat(c.requestsPerMinute()).isEqualTo(30.0);
    assertThat(c.maxInFlight()).isEqualTo(7);
    assertThat(c.scoreMinOnInvalid()).isTrue();
    assertThat(c.temperature()).isEqualTo(0.0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "axis: beauty | verifier.axis: must be mean or one of accuracy, originality, visual-quality, consistency, emotional-resonance, got 'beauty'",
      "on-invalid: ignore | verifier.on-invalid: must be fail or score-min, got 'ignore'",
      "max-in-flight: 0 | verifier.max-in-flight: must be at least 1, got 0",
      "max-attempts: 0 | verifier.max-attempts: must be at least 1, got 0",
      "requests-per-minute: 0 | verifier.requests-per-minute: must be a number > 0, got 0.0",
      "timeout-seconds: -1 | verifier.timeout-seconds: must be a number > 0, got -1.0",
      "burst: 0 | verifier.burst: must be at least 1, got 0",
      "upscale: 0 | verifier.upscale: must be an integer from 1 to 64, got 0",
      "temperature: 3 | verifier.temperature: must be a number from 0 to 2, got 3.0",
      "backoff-max-ms: 5 | verifier.backoff-max-ms: must be >= backoff-base-ms (1000), got 5",
      "prompts: [] | verifier.prompts: must list at least one prompt (one per class, in label order)",
      "prompts: [a, ''] | verifier.prompts[1]: must be a non-empty text prompt",
      "model: 'models/x y' | verifier.model: must be a Gemini model id such as gemini-3.5-flash, got 'models/x y'",
      "api-key-env: AIza-not-a-name | verifier.api-key-env: must be the NAME of an environment variable (letters, digits, _), e.g. GEMINI_API_KEY; put the key itself in that variable, never in the config",
      "base-url: http://example.com/v1beta | verifier.base-url: plain http is only allowed to a loopback host: it would send the API key unencrypted; use https",
      "base-url: https://example.com/v1beta?key=abc | verifier.base-url: must not carry a query, fragment or credentials (the key comes from api-key-env)",
      "base-url: ftp://example.com | verifier.base-url: must be an http(s) URL with a host, e.g. https://generativelanguage.googleapis.com/v1beta",
      "max-in-flight: two | verifier.max-in-flight: wrong type: expected an integer",
      "api-key: AIzaSecret | verifier.api-key: unknown key"})
  void badValuesNameTheirKey(String yaml, String message) {
    assertThatThrownBy(() -> bind(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
  }

  @Test
  void plainHttpIsAllowedToLoopbackOnly() {
    assertThat(bind("base-url: http://127.0.0.1:8080/v1beta").baseUrl()).isEqualTo("http://127.0.0.1:8080/v1beta");
    assertThat(bind("base-url: http://localhost:8080").baseUrl()).isEqualTo("http://localhost:8080");
    assertThat(bind("base-url: 'http://[::1]:8080'").baseUrl()).isEqualTo("http://[::1]:8080");
  }

  @Test
  void theCacheDirExpandsHomeAndResolvesRelativePathsAgainstTheConfigFolder() {
    Path base = Path.of("/work/configs");
    assertThat(GeminiJudge.cacheDir("~/.cache/x", base))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "x").toAbsolutePath().normalize());
    assertThat(GeminiJudge.cacheDir("cache", base)).isEqualTo(Path.of("/work/configs/cache"));
    assertThat(GeminiJudge.cacheDir("/abs/dir", base)).isEqualTo(Path.of("/abs/dir"));
  }
}
