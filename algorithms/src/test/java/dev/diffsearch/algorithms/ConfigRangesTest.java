package dev.diffsearch.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.config.ConfigLoader;
import dev.diffsearch.api.spi.ValidatedConfig;
import dev.diffsearch.plugins.mixture.PosteriorConfig;
import dev.diffsearch.samplers.OdeSamplerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every floating-point option of the algorithms, the samplers and the mixture verifier has a range, and
 * its check refuses NaN on its own (written as {@code !(x > 0)}, not {@code x <= 0}), even for a record
 * made without the binder, which refuses non-finite numbers before any record sees them.
 */
class ConfigRangesTest {

  /** Binds without the project's number checks, as a record made in code would be: then validates. */
  private static final ObjectMapper PLAIN =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

  private static void validateUnchecked(Class<? extends ValidatedConfig> type, ObjectNode node) {
    PLAIN.convertValue(node, type).validate();
  }

  private static <C> C bind(String yaml, Class<C> type) {
    return ConfigBinder.bind(ConfigLoader.parse(yaml, "test"), type, "search");
  }

  /** Each record, and the keys of its floating-point options. */
  private static final List<Object[]> FLOAT_OPTIONS = List.of(
      new Object[] {BeamConfig.class, List.of("kick")},
      new Object[] {SmcConfig.class, List.of("lambda", "ess-threshold", "kick")},
      new Object[] {PathsConfig.class, List.of("sigma-start", "forward", "backward")},
      new Object[] {ZeroOrderConfig.class, List.of("cosine")},
      new Object[] {OdeSamplerConfig.class, List.of("sigma-min", "sigma-max", "rho")},
      new Object[] {PosteriorConfig.class, List.of("sigma")});

  @Test
  @SuppressWarnings("unchecked")
  void everyFloatingPointOptionRefusesNanAndInfinityInItsOwnCheck() {
    for (Object[] entry : FLOAT_OPTIONS) {
      Class<? extends ValidatedConfig> type = (Class<? extends ValidatedConfig>) entry[0];
      for (String key : (List<String>) entry[1]) {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
          ObjectNode node = JsonNodeFactory.instance.objectNode().put(key, bad);
          assertThatThrownBy(() -> validateUnchecked(type, node))
              .as("%s.%s = %s", type.getSimpleName(), key, bad)
              .isInstanceOf(ConfigException.class)
              .hasMessageStartingWith(key + ": ");
          // and through the binder, the one message for every record
          assertThatThrownBy(() -> ConfigBinder.bind(node, type, "search"))
              .hasMessage("search." + key + ": must be finite, got " + bad);
        }
      }
    }
    ObjectNode checkpoint = JsonNodeFactory.instance.objectNode();
    checkpoint.putArray("checkpoints").add(5.0).add(Double.NaN);
    assertThatThrownBy(() -> validateUnchecked(BeamConfig.class, checkpoint)).hasMessageStartingWith("checkpoints[1]: ");
    assertThatThrownBy(() -> validateUnchecked(SmcConfig.class, checkpoint)).hasMessageStartingWith("checkpoints[1]: ");
  }

  /** The records of the table of absurd values, by simple name. */
  private static final Map<String, Class<?>> RECORDS = Map.of("BeamConfig", BeamConfig.class, "SmcConfig",
      SmcConfig.class, "PathsConfig", PathsConfig.class, "OdeSamplerConfig", OdeSamplerConfig.class,
      "PosteriorConfig", PosteriorConfig.class);

  @ParameterizedTest(name = "{0} at {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      BeamConfig       | search         | kick: 1.0e300               | search.kick: must be > 0 and at most 10.0, got 1.0E300
      SmcConfig        | search         | lambda: 1.0e300             | search.lambda: must be ≥ 0 and at most 1000000.0, got 1.0E300
      SmcConfig        | search         | checkpoints: [1.0e300, 1.0] | search.checkpoints[0]: must be > 0 and at most 10000.0, got 1.0E300
      PathsConfig      | search         | sigma-start: 1.0e300        | search.sigma-start: must be > 0 and at most 10000.0, got 1.0E300
      PathsConfig      | search         | backward: 1.0e300           | search.backward: must be at most 10000.0, got 1.0E300
      BeamConfig       | search         | steps: 2147483647           | search.steps: must be between 1 and 100000, got 2147483647
      PathsConfig      | search         | backward-steps: 0           | search.backward-steps: must be between 1 and 100000, got 0
      OdeSamplerConfig | sampler.search | sigma-max: 1.0e300          | sampler.search.sigma-max: must be at most 10000.0, got 1.0E300
      OdeSamplerConfig | sampler.search | rho: 1.0e300                | sampler.search.rho: must be > 0 and at most 100.0, got 1.0E300
      PosteriorConfig  | verifier       | sigma: 1.0e300              | verifier.sigma: must be ≥ 0 and at most 10000.0, got 1.0E300
      """)
  void finiteButAbsurdValuesAreOutOfRange(String record, String path, String yaml, String message) {
    assertThatThrownBy(() -> ConfigBinder.bind(ConfigLoader.parse(yaml, "test"), RECORDS.get(record), path))
        .hasMessage(message);
  }

  @Test
  void theLargestValuesInRangeBind() {
    assertThat(bind("kick: 10\nlambda: 1000000", SmcConfig.class).kick()).isEqualTo(10.0);
  }

  @Test
  void pathsWhoseRungsWouldNeverReachZeroAreRefusedPromptly() {
    // Δb − Δf = 1e-12: 2·10¹² rungs; Δb − Δf = 1e-17: below σ's float resolution, σ would never fall
    for (String yaml : List.of("forward: 1.0e-12\nbackward: 2.0e-12", "forward: 1.0e-17\nbackward: 2.0e-17")) {
      assertThatThrownBy(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2),
          () -> bind(yaml, PathsConfig.class)))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("search.backward: backward − forward = ")
          .hasMessageContaining("more than 100000 rungs");
    }
    assertThat(new PathsSearch(bind("forward: 0.5\nbackward: 1.0", PathsConfig.class)).rungs()).hasSize(4);
  }
}
