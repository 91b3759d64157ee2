package dev.diffsearch.samplers;

import dev.diffsearch.api.spi.SamplerFactory;
import org.pf4j.Extension;

/** {@code heun}: EDM Algorithm 1 (2nd order, last step Euler), Karras schedule, 2N − 1 NFE for N steps. */
@Extension
public final class HeunFactory extends SamplerFactory.Of<OdeSamplerConfig> {

  public HeunFactory() {
    super("heun", "Heun 2nd-order ODE solver (EDM Algorithm 1), Karras schedule; N steps = 2N-1 NFE",
        OdeSamplerConfig.class, HeunSampler::new);
  }
}
