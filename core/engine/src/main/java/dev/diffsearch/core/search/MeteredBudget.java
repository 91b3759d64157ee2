package dev.diffsearch.core.search;

import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.core.denoise.NfeMeter;

/**
 * One output's budget over the NFE meter: the meter is reset to the budget as its hard limit once, here,
 * and from then on only read. Algorithms see what it reports, never the meter.
 */
final class MeteredBudget {

  private final NfeMeter meter;
  private final long budget;

  MeteredBudget(NfeMeter meter, long budget) {
    this.meter = meter;
    this.budget = budget;
    meter.reset(budget);
  }

  /** The metered denoiser every evaluation of the search goes through. */
  Denoiser denoiser() {
    return meter;
  }

  long spent() {
    return meter.nfe();
  }

  long remaining() {
    return budget - meter.nfe();
  }
}
