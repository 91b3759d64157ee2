package dev.diffsearch.api.spi;

import java.util.Objects;

/**
 * An {@link Extension} declared in one constructor call: its name, description, config record and the
 * function that makes what it makes. The common part of the short forms {@link SearchAlgorithmFactory.Of},
 * {@link SamplerFactory.Of}, {@link VerifierFactory.Of} and {@link ModelBackend.Of}; an extension may as
 * well implement its interface directly.
 *
 * @param <C> the config record
 * @param <F> the function the kind's factory method calls, e.g. {@code Function<C, Sampler>}
 */
public abstract class DeclaredExtension<C, F> implements Extension<C> {

  private final String name;
  private final String description;
  private final Class<C> configType;
  private final F constructor;

  /**
   * @param name the stable name a pipeline YAML uses, e.g. {@code random}
   * @param description one line for {@code diffsearch plugins}
   * @param configType the record the extension's YAML block binds to; {@link NoConfig} when it takes none
   * @param constructor makes the extension's product from its bound, validated config
   */
  protected DeclaredExtension(String name, String description, Class<C> configType, F constructor) {
    this.name = Objects.requireNonNull(name, "an extension's name is null");
    this.description = Objects.requireNonNull(description, "the description of extension '" + name + "' is null");
    this.configType = Objects.requireNonNull(configType, "the config type of extension '" + name + "' is null");
    this.constructor = Objects.requireNonNull(constructor, "the constructor of extension '" + name + "' is null");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Class<C> configType() {
    return configType;
  }

  /** The function given to the constructor. */
  protected final F constructor() {
    return constructor;
  }
}
