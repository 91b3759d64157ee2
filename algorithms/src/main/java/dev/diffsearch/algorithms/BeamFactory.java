package dev.diffsearch.algorithms;

import dev.diffsearch.core.spi.SearchAlgorithm;
import dev.diffsearch.core.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code beam}: beam search over path branches, top K of K·M kept at each checkpoint. */
@Extension
public final class BeamFactory implements SearchAlgorithmFactory<BeamConfig> {

  @Override
  public String name() {
    return "beam";
  }

  @Override
  public String description() {
    return "beam search: K beams, M kicked branches each, top K kept per checkpoint";
  }

  @Override
  public Class<BeamConfig> configType() {
    return BeamConfig.class;
  }

  @Override
  public SearchAlgorithm create(BeamConfig config) {
    return new BeamSearch(config);
  }
}
