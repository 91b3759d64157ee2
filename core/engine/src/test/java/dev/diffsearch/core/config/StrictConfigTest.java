package dev.diffsearch.core.config;

import dev.diffsearch.api.config.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the config reader and binder refuse whatever record a value is meant for: numbers that are not
 * finite or do not fit their type, keys given twice, malformed {@code --set} paths, files that are no
 * text. Every refusal is one line naming the YAML path (or the file and line).
 */
class StrictConfigTest {

  static final String BASE = String.join("\n",
      "seed: 7",
      "model: {name: m, guidance: 1.5}",
      "sampler: {search: {name: heun, steps: 5}}",
      "verifier: {name: v, sigma: 0.4}",
      "search: {name: random, nfe: 100, kick: 0.25, checkpoints: [5.0, 1.0]}",
      "");

  /** A config record with every number type the project's records use. */
  record Options(Double sigma, double weight, Float gain, Integer steps, Long seed, List<Double> checkpoints) {}

  private static ObjectNode tree(String yaml, String... sets) {
    ObjectNode root = ConfigLoader.parse(yaml, "p.yaml");
    ConfigLoader.applyOverrides(root, List.of(sets));
    return root;
  }

  /** BASE with {@code set} applied, read by the engine. */
  private static PipelineSpec spec(String set) {
    return PipelineSpec.from(tree(BASE, set), Path.of("."));
  }

  /** BASE with {@code set} applied is refused with exactly {@code message}. */
  private static void assertRefused(String set, String message) {
    assertThatThrownBy(() -> spec(set)).hasMessage(message);
  }

  private static Options bind(ObjectNode block) {
    if (!block.has("weight")) {
      block.put("weight", 1.0);
    }
    return ConfigBinder.bind(block, Options.class, "verifier");
  }

  // ---- non-finite numbers ----

  @Test
  void yamlInfinityAndNotANumberAreRefusedAtTheirPathAsWritten() {
    assertThatThrownBy(() -> tree(BASE.replace("guidance: 1.5", "guidance: .inf")))
        .isInstanceOf(ConfigException.class).hasMessage("model.guidance: must be finite, got .inf");
    assertThatThrownBy(() -> tree(BASE.replace("sigma: 0.4", "sigma: -.inf")))
        .hasMessage("verifier.sigma: must be finite, got -.inf");
    assertThatThrownBy(() -> tree(BASE.replace("[5.0, 1.0]", "[5.0, .NaN]")))
        .hasMessage("search.checkpoints[1]: must be finite, got .NaN");
  }

  @Test
  void aNumberBeyondTheDoubleRangeIsRefusedAtItsPathAsWritten() {
    assertThatThrownBy(() -> tree(BASE.replace("guidance: 1.5", "guidance: 1e400")))
        .hasMessage("model.guidance: must be finite, got 1e400");
    assertThatThrownBy(() -> tree(BASE.replace("kick: 0.25", "kick: -2.5e999")))
        .hasMessage("search.kick: must be finite, got -2.5e999");
    // large but finite is for the records' own ranges
    assertThat(tree(BASE.replace("kick: 0.25", "kick: 1.0e300")).at("/search/kick").asDouble()).isEqualTo(1e300);
  }

  @Test
  void setValuesAndEnvironmentValuesAreCheckedAsTheFilesAre() {
    assertThatThrownBy(() -> tree(BASE, "model.guidance=1e400"))
        .isInstanceOf(ConfigException.class).hasMessage("model.guidance: must be finite, got 1e400");
    assertThatThrownBy(() -> tree(BASE, "verifier.sigma=.nan"))
        .hasMessage("verifier.sigma: must be finite, got .nan");
    assertThatThrownBy(() -> tree(BASE, "search.checkpoints=[5.0, -.inf]"))
        .hasMessage("search.checkpoints[1]: must be finite, got -.inf");
    ObjectNode fromEnv = tree(BASE.replace("guidance: 1.5", "guidance: '${W}'"));
    assertThatThrownBy(() -> ConfigLoader.substituteEnv(fromEnv, Map.of("W", "1e400")::get))
        .hasMessage("model.guidance: must be finite, got 1e400");
    assertThat(ConfigLoader.substituteEnv(fromEnv, Map.of("W", "2.5")::get).at("/model/guidance").asDouble()).isEqualTo(2.5);
  }

  @Test
  void everyFloatingPointValueBoundIntoAConfigRecordMustBeFinite() {
    // trees built in code (an ensemble's members, a resumed run) pass through the binder too
    ObjectNode nan = JsonNodeFactory.instance.objectNode().put("sigma", Double.NaN);
    assertThatThrownBy(() -> bind(nan)).isInstanceOf(ConfigException.class).hasMessage("verifier.sigma: must be finite, got NaN");
    ObjectNode primitive = JsonNodeFactory.instance.objectNode().put("weight", Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> bind(primitive)).hasMessage("verifier.weight: must be finite, got Infinity");
    ObjectNode element = JsonNodeFactory.instance.objectNode();
    element.putArray("checkpoints").add(5.0).add(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> bind(element)).hasMessage("verifier.checkpoints[1]: must be finite, got -Infinity");
    ObjectNode beyondFloat = JsonNodeFactory.instance.objectNode().put("gain", 1e39);
    assertThatThrownBy(() -> bind(beyondFloat)).hasMessageStartingWith("verifier.gain: must be finite, got 1.0E39");
    Options fine = bind(JsonNodeFactory.instance.objectNode().put("sigma", 0.4).put("gain", 3e38));
    assertThat(fine.sigma()).isEqualTo(0.4);
    assertThat(fine.gain()).isEqualTo(3e38f);
  }

  @Test
  void theEnginesOwnNumbersMustBeFiniteAndInRange() {
    ObjectNode nan = tree(BASE);
    nan.withObject("/model").put("guidance", Double.NaN);
    assertThatThrownBy(() -> PipelineSpec.from(nan, Path.of(".")))
        .hasMessage("model.guidance: must be finite, got NaN");
    assertRefused("model.guidance=1e300", "model.guidance: must be between 0 and 100, got 1.0E300");
    assertThatThrownBy(() -> spec("model.guidance=-0.5"))
        .hasMessageStartingWith("model.guidance: must be between 0 and 100");
  }

  // ---- integers beyond their type ----

  @Test
  void aBudgetBeyondTwoToTheThirtyOneIsRefusedWithTheBound() {
    assertThatThrownBy(() -> spec("search.nfe=2147483648"))
        .isInstanceOf(ConfigException.class).hasMessage("search.nfe: must be at most 2147483647, got 2147483648");
    assertRefused("search.nfe=99999999999999999999999",
        "search.nfe: must be at most 2147483647, got 99999999999999999999999");
    assertThat(spec("search.nfe=2147483647").nfe()).isEqualTo(Integer.MAX_VALUE);
    // a whole number written as a float is range-checked as one; a fraction is the wrong type
    assertRefused("search.nfe=1e18", "search.nfe: must be at most 2147483647, got 1000000000000000000");
    assertThat(spec("search.nfe=4.0e2").nfe()).isEqualTo(400);
    assertRefused("search.nfe=2.5", "search.nfe: wrong type: expected a whole number, got 2.5");
  }

  @Test
  void integersThatOverflowTheirTypeAreRefusedNotWrapped() {
    assertThatThrownBy(() -> bind(tree("steps: 2147483648")))
        .isInstanceOf(ConfigException.class).hasMessage("verifier.steps: must be at most 2147483647, got 2147483648");
    assertThatThrownBy(() -> bind(tree("steps: -2147483649")))
        .hasMessage("verifier.steps: must be at least -2147483648, got -2147483649");
    assertThatThrownBy(() -> bind(tree("seed: 9223372036854775808")))
        .hasMessage("verifier.seed: must be at most 9223372036854775807, got 9223372036854775808");
    assertThat(bind(JsonNodeFactory.instance.objectNode().put("steps", 12L)).steps()).isEqualTo(12);
    // the engine's: a seed beyond a long, a class index beyond an int were wrapped silently
    assertRefused("seed=18446744073709551616", "seed: must be at most 9223372036854775807, got 18446744073709551616");
    assertThatThrownBy(() -> spec("conditions.classes=[1, 4294967296]"))
        .hasMessageStartingWith("conditions.classes[1]: expected a class index ≥ 0");
  }

  // ---- keys given twice ----

  @Test
  void aKeyGivenTwiceInOneMappingIsRefusedWithItsFileLineAndPath() {
    assertThatThrownBy(() -> tree(BASE + "seed: 8\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("p.yaml:6:")
        .hasMessageContaining("duplicate key 'seed'");
    assertThatThrownBy(() -> tree(BASE.replace("guidance: 1.5", "guidance: 1.5, guidance: 2")))
        .hasMessageStartingWith("p.yaml:2:")
        .hasMessageContaining(": model: duplicate key 'guidance'");
    String block = String.join("\n",
        "verifier:",
        "  name: ensemble",
        "  members:",
        "    - {name: a}",
        "    - name: b",
        "      weight: 1",
        "      weight: 2",
        "");
    assertThatThrownBy(() -> tree(block))
        .hasMessageStartingWith("p.yaml:7:")
        .hasMessageContaining("verifier.members[1]: duplicate key 'weight'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> tree(BASE, "verifier={name: a, name: b}"))
        .hasMessageStartingWith("--set verifier={name: a, name: b}: verifier: duplicate key 'name'");
    // the strict reader keeps YAML's meaning otherwise: an empty value is null, a document marker alone empty
    assertThat(tree("seed: 1\noutput:\n").get("output").isNull()).isTrue();
    assertThatThrownBy(() -> tree("---\n")).hasMessage("p.yaml: config file is empty");
  }

  // ---- --set paths ----

  @Test
  void malformedSetPathsAreNamedAsSuch() {
    assertThatThrownBy(() -> tree(BASE, "search..nfe=3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--set search..nfe=3: malformed path 'search..nfe'")
        .hasMessageContaining("non-empty");
    assertThatThrownBy(() -> tree(BASE, ".search=3")).hasMessageStartingWith("--set .search=3: malformed path '.search'");
    assertThatThrownBy(() -> tree(BASE, "search.=3")).hasMessageStartingWith("--set search.=3: malformed path 'search.'");
    assertThatThrownBy(() -> tree(BASE, "=3")).hasMessageStartingWith("--set =3: the path before '=' is empty");
    assertThatThrownBy(() -> tree(BASE, " =3")).hasMessageStartingWith("--set  =3: the path before '=' is empty");
    assertThatThrownBy(() -> tree(BASE, "search.nfe")).hasMessage("--set search.nfe: expected path=value, e.g. search.nfe=200");
    // a value may contain dots and '='
    assertThat(tree(BASE, "output.name=a.b=c").at("/output/name").asText()).isEqualTo("a.b=c");
  }

  // ---- files ----

  @Test
  void aConfigFileThatIsNoUtf8TextIsSaidToBeSo(@TempDir Path dir) throws IOException {
    byte[] bytes = new byte[4096];
    new Random(1).nextBytes(bytes);
    Path file = Files.write(dir.resolve("random.yaml"), bytes);
    assertThatThrownBy(() -> ConfigLoader.read(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": not UTF-8 text");
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), "seed: 1\noutput: {name: caf\u00e9}\n".getBytes("ISO-8859-1"));
    assertThatThrownBy(() -> ConfigLoader.read(latin1, List.of())).hasMessageStartingWith(latin1 + ": not UTF-8 text");
  }
}
