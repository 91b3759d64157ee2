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
 * @param text text conditioning: a TorchScript text encoder with its tokenizer, or precomputed embeddings;
 *     the module then takes {@code forward(x, noise_level, text, text_mask)} (see {@link Text})
 */
public record TorchScriptConfig(
    String path,
    String parameterization,
    String conditioning,
    Integer numClasses,
    String noiseInput,
    Integer timesteps,
    String betaSchedule,
    List<Integer> sampleShape,
    Text text)
    implements ValidatedConfig {

  /** A class-conditional or unconditional model (no {@code text} block). */
  public TorchScriptConfig(String path, String parameterization, String conditioning, Integer numClasses,
      String noiseInput, Integer timesteps, String betaSchedule, List<Integer> sampleShape) {
    this(path, parameterization, conditioning, numClasses, noiseInput, timesteps, betaSchedule, sampleShape, null);
  }

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
    if (text != null) {
      if (conditioning != null) {
        throw ConfigException.at("conditioning", "not allowed with text (the text block makes the model text-conditioned)");
      }
      if (numClasses != null) {
        throw ConfigException.at("num-classes", "not allowed with text (a text-conditioned model reads prompts)");
      }
      text.validate();
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

  /** Whether the model is text-conditioned (has a {@code text} block). */
  public boolean textConditioned() {
    return text != null;
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

  /**
   * The {@code text} block: where a text-conditioned model's prompt embeddings come from. Either a
   * TorchScript text encoder with a Hugging Face {@code tokenizer.json} (each prompt tokenized, truncated and
   * padded to {@code max-length}, encoded once per output), or embeddings computed offline: a float32
   * {@code .npy} of {@code [P, L, D]}, optionally its {@code [P, L]} mask, and a JSONL file whose line r
   * holds row r's prompt ({@code {"prompt": "..."}}). Paths are relative to the pipeline file.
   *
   * @param encoder the text encoder's TorchScript file: {@code forward(input_ids: i64 [B, L],
   *     attention_mask: i64 [B, L]) -> f32 [B, L, D]}
   * @param tokenizer the Hugging Face {@code tokenizer.json} that makes the encoder's token ids (not named
   *     {@code tokenizer}: the engine keeps keys that contain "token" out of run files as secrets)
   * @param maxLength L, the number of token positions (truncated and padded to it); default 77 (CLIP's)
   * @param embeddings precomputed token embeddings, float32 {@code .npy} {@code [P, L, D]}
   * @param mask their attention masks, float32 {@code .npy} {@code [P, L]} of 1 (token) and 0 (padding);
   *     by default every position is a token
   * @param prompts JSONL, one {@code {"prompt": "..."}} per row of {@code embeddings}, in row order
   */
  public record Text(String encoder, String tokenizer, Integer maxLength, String embeddings, String mask,
      String prompts) {

    /** CLIP's context length, the default {@code max-length}. */
    public static final int DEFAULT_MAX_LENGTH = 77;

    void validate() {
      boolean encoded = encoder != null || tokenizer != null || maxLength != null;
      boolean precomputed = embeddings != null || mask != null || prompts != null;
      if (!encoded && !precomputed) {
        throw ConfigException.at("text", "needs encoder and tokenizer (a TorchScript text encoder and its tokenizer.json), "
            + "or embeddings and prompts (precomputed)");
      }
      if (encoded && precomputed) {
        throw ConfigException.at("text." + (embeddings != null ? "embeddings" : mask != null ? "mask" : "prompts"),
            "not allowed with text.encoder, text.tokenizer or text.max-length: give an encoder or precomputed embeddings");
      }
      if (encoded) {
        required("encoder", encoder, "the text encoder's TorchScript file (.pt)");
        required("tokenizer", tokenizer, "the encoder's Hugging Face tokenizer.json");
        if (maxLength != null && (maxLength < 2 || maxLength > 1_000_000)) {
          throw ConfigException.at("text.max-length", "must be between 2 and 1000000, got " + maxLength);
        }
      } else {
        required("embeddings", embeddings, "a float32 .npy of token embeddings [P, L, D]");
        required("prompts", prompts, "a JSONL file whose line r is {\"prompt\": ...} of embeddings row r");
        if (mask != null && mask.isBlank()) {
          throw ConfigException.at("text.mask", "must name a float32 .npy [P, L] (or be left out)");
        }
      }
    }

    private static void required(String key, String value, String what) {
      if (value == null || value.isBlank()) {
        throw ConfigException.at("text." + key, "required: " + what);
      }
    }

    /** Whether the embeddings come from a text encoder (else from precomputed files). */
    public boolean encoded() {
      return encoder != null;
    }

    /** L for the encoder: {@code max-length}, by default {@value #DEFAULT_MAX_LENGTH}. */
    public int length() {
      return maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
    }
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
