package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A model seen in EDM form (Karras et al. 2022): {@code D(x; σ, c) ≈ E[x0 | x = x0 + σ·n]}. Every backend,
 * whatever its native parameterization, is adapted to this one form (see {@code Parameterization}).
 */
public interface Denoiser {

  /** Marks an unconditional row in the {@code classes} argument. */
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

  /** The shape of one sample, {@code (C, H, W)}. */
  Shape sampleShape();

  /** How many classes the model is conditioned on; 0 for an unconditional model. */
  default int numClasses() {
    return 0;
  }

  /** Network forward passes per row and call: 1, or 2 under classifier-free guidance. */
  default int passesPerEvaluation() {
    return 1;
  }
}
