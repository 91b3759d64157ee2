package dev.diffsearch.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-call short forms of the factory SPIs: what they declare, and what they make from a config. */
class DeclaredExtensionTest {

  record Config(int steps) {}

  /** The short form as a built-in writes it: a named class whose constructor declares everything. */
  static final class Algorithm extends SearchAlgorithmFactory.Of<Config> {
    Algorithm(List<Config> made) {
      super("steps-search", "searches in steps", Config.class, config -> {
        made.add(config);
        return null; // what the algorithm is does not matter here
      });
    }
  }

  @Test
  void aSearchAlgorithmFactoryDeclaresItsNameDescriptionAndConfigAndMakesFromTheConfig() {
    List<Config> made = new ArrayList<>();
    SearchAlgorithmFactory<Config> factory = new Algorithm(made);
    assertThat(factory.name()).isEqualTo("steps-search");
    assertThat(factory.description()).isEqualTo("searches in steps");
    assertThat(factory.configType()).isEqualTo(Config.class);
    factory.create(new Config(3));
    factory.create(new Config(4));
    assertThat(made).containsExactly(new Config(3), new Config(4));
  }

  @Test
  void aSamplerFactoryCallsItsConstructorOncePerCreate() {
    List<Config> seen = new ArrayList<>();
    SamplerFactory<Config> factory = new SamplerFactory.Of<>("stepper", "a sampler", Config.class, config -> {
      seen.add(config);
      return null;
    }) {};
    factory.create(new Config(1));
    factory.create(new Config(2));
    assertThat(seen).containsExactly(new Config(1), new Config(2));
    assertThat(factory.name()).isEqualTo("stepper");
    assertThat(factory.configType()).isEqualTo(Config.class);
  }

  @Test
  void aVerifierFactoryAndAModelBackendGetTheRunsModelContext() {
    ModelContext context = new ModelContext(null, Path.of("/configs"));
    List<Object> seen = new ArrayList<>();
    VerifierFactory<NoConfig> verifiers = new VerifierFactory.Of<>("constant", "scores 1", NoConfig.class,
        (config, ctx) -> {
          seen.add(ctx);
          return input -> new float[] {1};
        }) {};
    ModelBackend<Config> models = new ModelBackend.Of<>("toy", "a toy model", Config.class, (config, ctx) -> {
      seen.add(config);
      seen.add(ctx);
      return null;
    }) {};
    assertThat(verifiers.create(new NoConfig(), context).score(null)).containsExactly(1f);
    models.open(new Config(5), context);
    assertThat(seen).containsExactly(context, new Config(5), context);
    assertThat(verifiers.description()).isEqualTo("scores 1");
    assertThat(models.configType()).isEqualTo(Config.class);
  }

  @Test
  void aMissingPartIsRefusedNamingTheExtension() {
    assertThatThrownBy(() -> new SamplerFactory.Of<>(null, "", Config.class, config -> null) {})
        .isInstanceOf(NullPointerException.class).hasMessage("an extension's name is null");
    assertThatThrownBy(() -> new SamplerFactory.Of<>("stepper", "", null, config -> null) {})
        .isInstanceOf(NullPointerException.class).hasMessage("the config type of extension 'stepper' is null");
    assertThatThrownBy(() -> new SamplerFactory.Of<Config>("stepper", "", Config.class, null) {})
        .isInstanceOf(NullPointerException.class).hasMessage("the constructor of extension 'stepper' is null");
  }
}
