package dev.diffsearch.plugins.torchscript;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.Parameterization;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.util.List;
import java.util.Locale;

/**
 * Options of the {@code torchscript} backend (YAML keys in kebab-case).
 *
 * @param path the TorchScript file ({@code .pt}), relative to the pipeline file's folder
 * @param parameterization what the network predicts: {@code edm} (D), {@code eps} (VP ε) or {@code flow}
 *     (velocity of the linear interpolant); required
 * @param conditioning {@code class} or {@code none}; by default {@code class} when {@code num-classes} is
 *     given, else {@code none}
 * @param numClasses the number of classes of a class-conditional network
 * @param noiseInput what the network's {@code noise_level} input is: {@code sigma}, {@code t} (flow time
 *     σ/(1+σ)) or {@code ddpm-timestep}; by default {@code t} for {@code flow}, else {@code sigma}
 * @param timesteps for {@code ddpm-timestep}: the number of training timesteps T (default 1000)
 * @param betaSchedule for {@code ddpm-timestep}: {@code linear} (default) or {@code cosine}
 * @param sampleShape the shape of one sample, {@code [C, H, W]}; required
 */
public record TorchScriptConfig(
    String path,
    String parameterization,
    String conditioning,
    Integer numClasses,
    String noiseInput,
    Integer timesteps,
    String betaSchedule,
    List<Integer> sampleShape)
    implements ValidatedConfig {

  @Override
  public void validate() {
    if (path == null || path.isBlank()) {
      throw ConfigException.at("path", "required: the TorchScript file (.pt) of your model");
    }
    if (parameterization == null) {
      throw ConfigException.at("parameterization", "required: edm, eps or flow");
    }
    try {
      Parameterization.parse(parameterization);
    } catch (IllegalArgumentException e) {
      throw ConfigException.at("parameterization", e.getMessage());
    }
    if (conditioning != null && !conditioning.equals("class") && !conditioning.equals("none")) {
      throw ConfigException.at("conditioning", "must be 'class' or 'none', got '" + conditioning + "'");
    }
    if ("class".equals(conditioning) && numClasses == null) {
      throw ConfigException.at("num-classes", "required with conditioning: class");
    }
    if ("none".equals(conditioning) && numClasses != null) {
      throw ConfigException.at("num-classes", "not allowed with conditioning: none");
    }
    if (numClasses != null && numClasses < 1) {
      throw ConfigException.at("num-classes", "must be at least 1, got " + numClasses);
    }
    NoiseInput input = levelInput();
    if (input != NoiseInput.DDPM_TIMESTEP) {
      if (timesteps != null) {
        throw ConfigException.at("timesteps", "only with noise-input: ddpm-timestep");
      }
      if (betaSchedule != null) {
        throw ConfigException.at("beta-schedule", "only with noise-input: ddpm-timestep");
      }
    }
    if (timesteps != null && (timesteps < 2 || timesteps > 1_000_000)) {
      throw ConfigException.at("timesteps", "must be between 2 and 1000000, got " + timesteps);
    }
    if (betaSchedule != null) {
      try {
        DdpmSchedule.Kind.parse(betaSchedule);
      } catch (IllegalArgumentException e) {
        throw ConfigException.at("beta-schedule", e.getMessage());
      }
    }
    if (sampleShape == null) {
      throw ConfigException.at("sample-shape", "required: [C, H, W] of one sample");
    }
    if (sampleShape.size() != 3 || sampleShape.stream().anyMatch(d -> d == null || d < 1)) {
      throw ConfigException.at("sample-shape", "must be three positive sizes [C, H, W], got " + sampleShape);
    }
  }

  /** The parsed parameterization. */
  public Parameterization parsedParameterization() {
    return Parameterization.parse(parameterization);
  }

  /** Classes of a class-conditional network; 0 for an unconditional one. */
  public int classes() {
    return numClasses == null ? 0 : numClasses;
  }

  /** The network's noise-level convention, with its default for the parameterization. */
  public NoiseInput levelInput() {
    if (noiseInput == null) {
      return "flow".equalsIgnoreCase(parameterization) ? NoiseInput.T : NoiseInput.SIGMA;
    }
    try {
      return NoiseInput.parse(noiseInput);
    } catch (IllegalArgumentException e) {
      throw ConfigException.at("noise-input", e.getMessage());
    }
  }

  /** The DDPM schedule that {@code ddpm-timestep} quantizes σ on, or null for the other inputs. */
  public DdpmSchedule schedule() {
    if (levelInput() != NoiseInput.DDPM_TIMESTEP) {
      return null;
    }
    DdpmSchedule.Kind kind = betaSchedule == null ? DdpmSchedule.Kind.LINEAR : DdpmSchedule.Kind.parse(betaSchedule);
    return new DdpmSchedule(kind, timesteps == null ? 1000 : timesteps);
  }

  /** What the network's {@code noise_level} input holds. */
  public enum NoiseInput {
    /** The EDM noise level σ. */
    SIGMA,
    /** The flow time t = σ/(1+σ), in [0, 1). */
    T,
    /** The index (0 … T−1, as a float) of the DDPM timestep whose σ is nearest in log σ. */
    DDPM_TIMESTEP;

    /** Reads {@code sigma}, {@code t} or {@code ddpm-timestep}. */
    public static NoiseInput parse(String value) {
      for (NoiseInput n : values()) {
        if (n.yamlName().equals(value.toLowerCase(Locale.ROOT))) {
          return n;
        }
      }
      throw new IllegalArgumentException("unknown noise-input '" + value + "' (known: sigma, t, ddpm-timestep)");
    }

    /** The YAML spelling. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
