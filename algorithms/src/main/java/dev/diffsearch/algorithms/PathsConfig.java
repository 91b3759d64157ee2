package dev.diffsearch.algorithms;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.sampling.SigmaGrid;
import dev.diffsearch.api.spi.ValidatedConfig;

/**
 * Options of search over paths. All σ are EDM noise levels; for a flow model whose time is t
 * (x_t = (1−t)·x0 + t·ε) use σ = t/(1−t), e.g. t = 0.5 is σ = 1, t = 0.8 is σ = 4.
 *
 * @param paths N, the paths kept after every rung (default 2)
 * @param branches M, the copies of each path at every rung (default: the most the budget pays for with the N
 *     paths, so that the search spends its budget to within one more branch per path; run.json records it
 *     under {@code budget.derived})
 * @param sigmaStart σ at which the N initial paths start branching (default 2; at most 10⁴)
 * @param forward Δf, how far a branch is noised forward: σ → σ + Δf (default 0.5)
 * @param backward Δb, how far it is then solved back: σ + Δf → σ + Δf − Δb; Δb > Δf, by enough that
 *     σ_start comes down to 0 in at most 100000 rungs (default 1)
 * @param backwardSteps L, sampler steps per backward solve (default 2; at most 100000)
 */
public record PathsConfig(Integer paths, Integer branches, Double sigmaStart, Double forward, Double backward,
    Integer backwardSteps) implements ValidatedConfig {

  /** The most rungs from σ_start down to 0. */
  static final int MAX_RUNGS = 100_000;

  public PathsConfig {
    paths = paths == null ? 2 : paths;
    sigmaStart = sigmaStart == null ? 2.0 : sigmaStart;
    forward = forward == null ? 0.5 : forward;
    backward = backward == null ? 1.0 : backward;
    backwardSteps = backwardSteps == null ? 2 : backwardSteps;
  }

  @Override
  public void validate() {
    if (paths < 1) {
      throw ConfigException.at("paths", "must be at least 1, got " + paths);
    }
    if (branches != null && branches < 1) {
      throw ConfigException.at("branches", "must be at least 1, got " + branches);
    }
    if (!(sigmaStart > 0 && sigmaStart <= SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("sigma-start", "must be > 0 and at most " + SigmaGrid.MAX_SIGMA + ", got " + sigmaStart);
    }
    if (!(forward > 0 && forward <= SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("forward", "must be > 0 and at most " + SigmaGrid.MAX_SIGMA + ", got " + forward);
    }
    if (!(backward > forward)) {
      throw ConfigException.at("backward", "must be greater than forward (" + forward + "), got " + backward
          + ": Δb > Δf makes every rung end lower than it started");
    }
    if (!(backward <= SigmaGrid.MAX_SIGMA)) {
      throw ConfigException.at("backward", "must be at most " + SigmaGrid.MAX_SIGMA + ", got " + backward);
    }
    Checkpoints.validateSteps("backward-steps", backwardSteps);
    if (PathsSearch.rungs(this, MAX_RUNGS + 1).size() > MAX_RUNGS) {
      throw ConfigException.at("backward", "backward − forward = " + (backward - forward) + " lowers σ so little that "
          + "sigma-start " + sigmaStart + " takes more than " + MAX_RUNGS + " rungs to reach 0");
    }
  }
}
