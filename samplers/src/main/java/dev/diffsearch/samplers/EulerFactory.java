package dev.diffsearch.samplers;

import dev.diffsearch.core.spi.Sampler;
import dev.diffsearch.core.spi.SamplerFactory;
import org.pf4j.Extension;

/** {@code euler}: first-order ODE solver on the Karras schedule, N NFE for N steps. */
@Extension
public final class EulerFactory implements SamplerFactory<OdeSamplerConfig> {

  @Override
  public String name() {
    return "euler";
  }

  @Override
  public String description() {
    return "Euler ODE solver, Karras schedule; N steps = N NFE";
  }

  @Override
  public Class<OdeSamplerConfig> configType() {
    return OdeSamplerConfig.class;
  }

  @Override
  public Sampler create(OdeSamplerConfig config) {
    return new EulerSampler(config);
  }
}
