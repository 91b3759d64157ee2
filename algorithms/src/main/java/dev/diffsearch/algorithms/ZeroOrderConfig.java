package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of zero-order search. There is no number of rounds: rounds go on until the budget cannot pay for
 * another candidate (the last may have fewer neighbours), so the search spends its budget to within one
 * candidate's cost.
 *
 * @param neighbours N, neighbours per round (default 4)
 * @param cosine τ, the cosine between a neighbour and its pivot (default 0.95)
 * @param onStall what a round without improvement does: {@code restart} draws a fresh pivot (default),
 *     {@code continue} keeps the pivot and draws new neighbours
 */
public record ZeroOrderConfig(Integer neighbours, Double cosine, String onStall) implements ValidatedConfig {

  public ZeroOrderConfig {
    neighbours = neighbours == null ? 4 : neighbours;
    cosine = cosine == null ? 0.95 : cosine;
    onStall = onStall == null ? "restart" : onStall;
  }

  @Override
  public void validate() {
    if (neighbours < 1) {
      throw ConfigException.at("neighbours", "must be at least 1, got " + neighbours);
    }
    if (!(cosine > 0 && cosine < 1)) {
      throw ConfigException.at("cosine", "must be in (0, 1), got " + cosine);
    }
    if (!onStall.equals("restart") && !onStall.equals("continue")) {
      throw ConfigException.at("on-stall", "must be restart or continue, got '" + onStall + "'");
    }
  }

  boolean restart() {
    return onStall.equals("restart");
  }
}
