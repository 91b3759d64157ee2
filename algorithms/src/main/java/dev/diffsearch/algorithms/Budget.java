package dev.diffsearch.algorithms;

import dev.diffsearch.core.config.ConfigException;
import dev.diffsearch.core.search.SearchContext;

/** Budget arithmetic shared by the algorithms. */
final class Budget {

  private Budget() {}

  /** How many full candidates the remaining budget pays for; at least one, else a config error. */
  static int affordable(SearchContext context) {
    long cost = context.costPerCandidate();
    long n = context.nfeRemaining() / cost;
    if (n < 1) {
      throw new ConfigException(
          "search.nfe", "budget " + context.budget() + " is less than one candidate's cost of " + cost + " NFE");
    }
    return (int) Math.min(Integer.MAX_VALUE, n);
  }
}
