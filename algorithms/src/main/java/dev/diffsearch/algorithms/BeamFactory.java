package dev.diffsearch.algorithms;

import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import org.pf4j.Extension;

/** {@code beam}: beam search over path branches, top K of K·M kept at each checkpoint. */
@Extension
public final class BeamFactory extends SearchAlgorithmFactory.Of<BeamConfig> {

  public BeamFactory() {
    super("beam", "beam search: K beams, M kicked branches each, top K kept per checkpoint",
        BeamConfig.class, BeamSearch::new);
  }
}
