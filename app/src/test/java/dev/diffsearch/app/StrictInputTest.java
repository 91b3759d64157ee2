package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Values no search can use are bad input, however they arrive (file, {@code --set}), whichever record
 * they are meant for: non-finite or absurd numbers, integers beyond their type, budgets and populations
 * memory cannot hold, keys given twice, malformed {@code --set} paths, files that are no text. Each is one
 * line {@code error: ...} naming the path, exit code 2, nothing run (as in {@link BadInputTest}).
 */
class StrictInputTest extends BadInputCase {

  @Test
  void infiniteNumbersFromSetAreRefusedAtTheirPath() {
    assertBadInput(run(write(small()), "--set", "model.guidance=1e400"), "model.guidance: must be finite, got 1e400");
    assertBadInput(run(write(small()), "--set", "verifier.sigma=1e400"), "verifier.sigma: must be finite, got 1e400");
    assertBadInput(run(write(small()), "--set", "search.name=beam", "--set", "search.kick=1e400"),
        "search.kick: must be finite, got 1e400");
    assertBadInput(run(write(small()), "--set", "search.name=smc", "--set", "search.lambda=-.inf"),
        "search.lambda: must be finite, got -.inf");
  }

  @Test
  void yamlInfinityAndNanInAFileAreRefusedAtTheirPath() {
    Path yaml = Fixtures.writeText(tmp, "inf.yaml", yamlText().replace("steps: 4}", "steps: 4, sigma-max: .inf}"));
    assertBadInput(run(yaml), "sampler.search.sigma-max: must be finite, got .inf");
    Path nan = Fixtures.writeText(tmp, "nan.yaml", yamlText().replace("name: mixture-posterior", "name: mixture-posterior\n  sigma: .nan"));
    assertBadInput(run(nan), "verifier.sigma: must be finite, got .nan");
  }

  @Test
  void finiteButAbsurdNumbersAreOutOfTheirRange() {
    assertBadInput(run(write(small()), "--set", "model.guidance=1e300"), "model.guidance: must be between 0 and 100");
    assertBadInput(run(write(small()), "--set", "verifier.sigma=1e300"), "verifier.sigma: must be ≥ 0 and at most 10000.0");
    ObjectNode brightness = small();
    brightness.putObject("verifier").put("name", "brightness").put("target", 5.0);
    assertBadInput(run(write(brightness)), "verifier.target: must be a mean intensity in [-1, 1], got 5.0");
    ObjectNode selfSupervised = small();
    selfSupervised.putObject("verifier").put("name", "self-supervised").put("sigma", 1e300);
    assertBadInput(run(write(selfSupervised)), "verifier.sigma: must be a noise level > 0 and at most 10000.0");
    ObjectNode ensemble = small();
    ObjectNode verifier = ensemble.putObject("verifier").put("name", "ensemble");
    verifier.putArray("members").addObject().put("name", "mixture-posterior").put("weight", 1e300);
    assertBadInput(run(write(ensemble)), "verifier.members[0].weight: must be a number > 0 and at most 1000000.0");
  }

  @Test
  void integersBeyondTheirRangeSaySoAtTheirPath() {
    assertBadInput(run(write(small()), "--set", "search.nfe=2147483648"),
        "search.nfe: must be at most 2147483647, got 2147483648");
    assertBadInput(run(write(small()), "--set", "search.candidates=2147483648"),
        "search.candidates: must be at most 2147483647, got 2147483648");
    assertBadInput(run(write(small()), "--set", "sampler.search.steps=99999999999999999999"),
        "sampler.search.steps: must be at most 2147483647, got 99999999999999999999");
  }

  @Test
  void aPopulationMemoryCannotHoldIsRefusedBeforeAnythingRuns() {
    Cli.Result r = run(write(small()), "--set", "search.nfe=2147483647", "--set", "search.name=paths",
        "--set", "search.paths=1", "--set", "search.branches=100000000");
    assertBadInput(r, "search.branches: paths × branches (1 × 100000000) = 100000000 samples held at once", "-Xmx");
    // every output is listed up front, so their number is bounded too
    assertBadInput(run(write(small()), "--set", "conditions.classes=[0, 1]", "--set", "conditions.samples-per-class=1000000"),
        "conditions: 2 classes × 1000000 samples per class = 2000000 outputs, more than the 1000000 a run may have");
  }

  @Test
  void aBudgetBelowWhatTheSearchPlansIsRefusedBeforeTheModelLoads() {
    ObjectNode noModel = small();
    noModel.withObject("/model").put("components", tmp.resolve("no-mixture").toString());
    assertBadInput(run(write(noModel)), "model", "no-mixture"); // opening this model fails
    // the budget is checked against the algorithm's planned NFE first, with no model
    assertBadInput(run(write(noModel), "--set", "search.name=paths", "--set", "search.branches=4", "--set", "search.nfe=50"),
        "search.nfe: paths needs ", " NFE per output with these settings, the budget is 50");
    assertBadInput(run(write(noModel), "--set", "search.nfe=6"), // heun 4 steps: 7 NFE a candidate
        "search.nfe: random needs 7 NFE per output with these settings, the budget is 6");
  }

  @Test
  void aConfigFileOfRandomBytesIsNotUtf8Text() throws IOException {
    byte[] bytes = new byte[2048];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("random.yaml"), bytes);
    assertBadInput(run(file), file + ": not UTF-8 text");
  }

  @Test
  void aKeyGivenTwiceIsRefusedWithFileLineAndPath() {
    Path yaml = Fixtures.writeText(tmp, "dup.yaml", yamlText().replace("search: {name: random, nfe: 28}",
        "search:\n  name: random\n  nfe: 28\n  nfe: 2800"));
    assertBadInputMatching(run(yaml), "dup\\.yaml:10:\\d+: search: ", "dup.yaml:", "search: duplicate key 'nfe'");
  }

  @Test
  void malformedSetPathsAreNamedAsSuch() {
    assertBadInput(run(write(small()), "--set", "search..nfe=3"), "--set search..nfe=3: malformed path 'search..nfe'");
    assertBadInput(run(write(small()), "--set", "search.nfe.=3"), "malformed path 'search.nfe.'");
    assertBadInput(run(write(small()), "--set", ".search.nfe=3"), "malformed path '.search.nfe'");
    assertBadInput(run(write(small()), "--set", "=3"), "--set =3: the path before '=' is empty");
  }
}
