package dev.diffsearch.api.denoise;

import ai.djl.ndarray.NDArray;

/**
 * A network in its native parameterization, before {@link Parameterization} adapts it to EDM form.
 * The noise-level input is σ for {@code edm} and {@code eps} networks and the flow time t for {@code flow}
 * networks; a backend maps it onto whatever its network was trained with (e.g. a DDPM timestep).
 */
@FunctionalInterface
public interface RawNetwork {

  /** The network output for input {@code x} at noise level {@code level} ([B]) and classes. */
  NDArray forward(NDArray x, NDArray level, int[] classes);
}
