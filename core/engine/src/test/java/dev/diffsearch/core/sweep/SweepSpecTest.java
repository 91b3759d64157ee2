package dev.diffsearch.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading sweep files and expanding their axes into conditions. */
class SweepSpecTest {

  @TempDir Path dir;

  private SweepSpec read(String yaml) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), "seed: 1\n");
    Path file = dir.resolve("my-sweep.yaml");
    Files.writeString(file, yaml);
    return SweepSpec.read(file);
  }

  @Test
  void theConditionsAreTheProductOfTheAxesTheFirstVaryingSlowest() throws IOException {
    SweepSpec spec = read("""
        pipeline: base.yaml
        set: {conditions.samples-per-class: 3}
        axes:
          search.nfe: [19, 76]
          verifier: [{name: class-logit}, {name: self-supervised}]
          seed: [0, 1, 2]
        """);
    List<Condition> all = Condition.expand(spec);
    assertThat(all).hasSize(12);
    assertThat(all).extracting(Condition::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(all.get(0).id()).isEqualTo("c000-nfe=19-verifier=class-logit-seed=0");
    assertThat(all.get(1).id()).isEqualTo("c001-nfe=19-verifier=class-logit-seed=1");
    assertThat(all.get(3).id()).isEqualTo("c003-nfe=19-verifier=self-supervised-seed=0");
    assertThat(all.get(11).id()).isEqualTo("c011-nfe=76-verifier=self-supervised-seed=2");
    assertThat(all.stream().map(Condition::id).distinct()).hasSize(12);
    // every combination exactly once
    assertThat(all.stream().map(c -> c.values().toString()).distinct()).hasSize(12);
    assertThat(all.get(4).overrides(spec)).containsExactly(
        "conditions.samples-per-class=3", "search.nfe=19", "verifier={\"name\":\"self-supervised\"}", "seed=1");
    assertThat(all.get(4).describe()).isEqualTo("search.nfe=19, verifier={\"name\":\"self-supervised\"}, seed=1");
    assertThat(spec.pipeline()).isEqualTo(dir.resolve("base.yaml"));
    assertThat(spec.out()).isEqualTo(Path.of("runs", "my-sweep"));
    assertThat(spec.evaluate()).isTrue();
    assertThat(spec.parallel()).isEqualTo(1);
    assertThat(spec.threads()).isZero();
  }

  @Test
  void axesSharingALastKeyAreNamedByTheirWholePathAndOutIsRelativeToTheFile() throws IOException {
    SweepSpec spec = read("""
        pipeline: base.yaml
        axes:
          search.name: [random, zero-order]
          verifier.name: [class-logit]
          sampler.search: [{name: heun, steps: 10}, {name: heun, steps: 5}]
        out: ../sweeps/x
        parallel: 2
        threads: 1
        evaluate: false
        """);
    List<Condition> all = Condition.expand(spec);
    assertThat(all).extracting(Condition::id).containsExactly(
        "c000-search.name=random-verifier.name=class-logit-search=heun.0",
        "c001-search.name=random-verifier.name=class-logit-search=heun.1",
        "c002-search.name=zero-order-verifier.name=class-logit-search=heun.0",
        "c003-search.name=zero-order-verifier.name=class-logit-search=heun.1");
    assertThat(spec.out()).isEqualTo(dir.getParent().resolve("sweeps/x"));
    assertThat(spec.parallel()).isEqualTo(2);
    assertThat(spec.threads()).isEqualTo(1);
    assertThat(spec.evaluate()).isFalse();
  }

  @Test
  void aBundleSetsSeveralPathsTogetherAndItsLabelsBecomeColumns() throws IOException {
    SweepSpec spec = read("""
        pipeline: base.yaml
        axes:
          point:
            - {line: search, candidates: 2, set: {search.nfe: 38}}
            - {line: steps, candidates: 1, set: {sampler.search.steps: 20, search.nfe: 39}}
          seed: [0, 1]
        """);
    List<Condition> all = Condition.expand(spec);
    assertThat(all).extracting(Condition::id).containsExactly("c000-point=search.2-seed=0", "c001-point=search.2-seed=1",
        "c002-point=steps.1-seed=0", "c003-point=steps.1-seed=1");
    assertThat(all.get(3).overrides(spec)).containsExactly("sampler.search.steps=20", "search.nfe=39", "seed=1");
    assertThat(all.get(3).columns()).containsExactly(
        java.util.Map.entry("point.line", "steps"), java.util.Map.entry("point.candidates", "1"), java.util.Map.entry("seed", "1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown key | pipeline: base.yaml\\naxes: {seed: [1]}\\nsweep: 3 | my-sweep.yaml: sweep: unknown key",
      "no pipeline | axes: {seed: [1]} | my-sweep.yaml: pipeline: missing",
      "missing pipeline file | pipeline: nope.yaml\\naxes: {seed: [1]} | my-sweep.yaml: pipeline: no such file",
      "no axes | pipeline: base.yaml | my-sweep.yaml: axes: missing",
      "empty axis | pipeline: base.yaml\\naxes: {seed: []} | my-sweep.yaml: axes.seed: must be a non-empty list",
      "scalar axis | pipeline: base.yaml\\naxes: {seed: 3} | my-sweep.yaml: axes.seed: must be a non-empty list",
      "repeated value | pipeline: base.yaml\\naxes: {seed: [1, 1]} | my-sweep.yaml: axes.seed: value 1 is listed twice",
      "malformed path | pipeline: base.yaml\\naxes: {search..nfe: [1]} | my-sweep.yaml: axes.search..nfe: malformed",
      "reserved path | pipeline: base.yaml\\naxes: {output.dir: [a]} | my-sweep.yaml: axes.output.dir: the sweep names",
      "nested axes | pipeline: base.yaml\\naxes: {search: [{name: random}], search.nfe: [1]} | my-sweep.yaml: axes.search.nfe: lies inside axis 'search'",
      "bundle mixed with values | pipeline: base.yaml\\naxes: {p: [{set: {seed: 1}}, 2]} | my-sweep.yaml: axes.p: mixes bundles",
      "bundle without paths | pipeline: base.yaml\\naxes: {p: [{line: a, set: {}}]} | my-sweep.yaml: axes.p[0].set: must be a mapping",
      "bundle with a block label | pipeline: base.yaml\\naxes: {p: [{line: [a], set: {seed: 1}}]} | my-sweep.yaml: axes.p[0].line: a bundle's label",
      "bad parallel | pipeline: base.yaml\\naxes: {seed: [1]}\\nparallel: 0 | my-sweep.yaml: parallel: must be a whole number from 1",
      "bad evaluate | pipeline: base.yaml\\naxes: {seed: [1]}\\nevaluate: yes please | my-sweep.yaml: evaluate: must be true or false"})
  void aMistakeIsOneConfigErrorNamingTheFileAndTheKey(String what, String yaml, String message) {
    assertThatThrownBy(() -> read(yaml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
