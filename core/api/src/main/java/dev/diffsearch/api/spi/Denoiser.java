package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A model seen in EDM form (Karras et al. 2022): {@code D(x; σ, c) ≈ E[x0 | x = x0 + σ·n]}. Every backend,
 * whatever its native parameterization, is adapted to this one form (see {@code Parameterization}).
 *
 * <p>The condition {@code c} is a {@link Condition}: a class label, a prompt, or both. A class-label model
 * implements only {@link #denoise(NDArray, NDArray, int[])} (and {@link #numClasses}); a model that reads
 * prompts (or anything beyond the class) says so ({@link #readsPrompts}) and overrides {@link #encode}
 * (to turn an output's conditions into what it needs, once per output, e.g. text embeddings) and
 * {@link #denoise(NDArray, NDArray, Conditioning)}.
 */
public interface Denoiser {

  /** Marks an unconditional row in a class-label view ({@code classes} argument, {@link Condition#classLabel()}). */
  int UNCONDITIONAL = -1;

  /**
   * The clean-data estimate for each row.
   *
   * @param x a batch {@code [B, C, H, W]}
   * @param sigma the noise level of each row, {@code [B]}, same data type as {@code x}
   * @param classes the class of each row (length B), {@link #UNCONDITIONAL} for none
   * @return {@code [B, C, H, W]}, attached to {@code x}'s manager
   */
  NDArray denoise(NDArray x, NDArray sigma, int[] classes);

  /**
   * The clean-data estimate for each row under its {@link Condition}: what the engine calls. By default
   * the class-label view, {@link #denoise(NDArray, NDArray, int[])} with {@link Conditioning#classes()}.
   *
   * @param conditioning each row's condition, with the encoding {@link #encode} made of them
   */
  default NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
    return denoise(x, sigma, conditioning.classes());
  }

  /**
   * Turns conditions into whatever the model needs to be conditioned on them (text embeddings, token
   * ids): called once per output, never per evaluation; the engine passes the result back with every
   * call for that output ({@link Conditioning#encoding()}). By default nothing (null).
   *
   * @param conditions distinct conditions (an output's, and the {@link #nullCondition} under guidance)
   */
  default Object encode(List<Condition> conditions) {
    return null;
  }

  /** The condition of guidance's unconditional rows: {@link Condition#UNCONDITIONAL} by default (an empty prompt for most text models). */
  default Condition nullCondition() {
    return Condition.UNCONDITIONAL;
  }

  /** The shape of one sample, {@code (C, H, W)}. */
  Shape sampleShape();

  /**
   * Whether the model reads prompts ({@link Condition#prompt()}): a run with prompts is refused, before
   * any compute, for a model that does not. False by default; a text model overrides it (and
   * {@link #encode}).
   */
  default boolean readsPrompts() {
    return false;
  }

  /** How many classes the model is conditioned on; 0 for an unconditional model. */
  default int numClasses() {
    return 0;
  }

  /** Network forward passes per row and call: 1, or 2 under classifier-free guidance. */
  default int passesPerEvaluation() {
    return 1;
  }

  /**
   * Multiply-accumulates of one network forward pass for one row (its convolutions, dense layers and
   * attention products): what compares two models at equal compute, where NFE does not. The engine records
   * {@code macsPerPass() * passesPerEvaluation()} as a run's MACs per NFE ({@code run.json}
   * {@code budget.macs-per-nfe}). 0 when the model does not know: the default.
   */
  default long macsPerPass() {
    return 0;
  }
}
