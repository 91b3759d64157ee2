package dev.diffsearch.samplers;

import dev.diffsearch.api.spi.SamplerFactory;
import org.pf4j.Extension;

/** {@code euler}: first-order ODE solver on the Karras schedule, N NFE for N steps. */
@Extension
public final class EulerFactory extends SamplerFactory.Of<OdeSamplerConfig> {

  public EulerFactory() {
    super("euler", "Euler ODE solver, Karras schedule; N steps = N NFE", OdeSamplerConfig.class, EulerSampler::new);
  }
}
