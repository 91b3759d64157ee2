package dev.diffsearch.samplers;

import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.SamplerFactory;
import org.pf4j.Extension;

/** {@code heun}: EDM Algorithm 1 (2nd order, last step Euler), Karras schedule, 2N − 1 NFE for N steps. */
@Extension
public final class HeunFactory implements SamplerFactory<OdeSamplerConfig> {

  @Override
  public String name() {
    return "heun";
  }

  @Override
  public String description() {
    return "Heun 2nd-order ODE solver (EDM Algorithm 1), Karras schedule; N steps = 2N-1 NFE";
  }

  @Override
  public Class<OdeSamplerConfig> configType() {
    return OdeSamplerConfig.class;
  }

  @Override
  public Sampler create(OdeSamplerConfig config) {
    return new HeunSampler(config);
  }
}
