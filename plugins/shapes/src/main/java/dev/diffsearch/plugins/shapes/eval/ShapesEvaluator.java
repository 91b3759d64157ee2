package dev.diffsearch.plugins.shapes.eval;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.RunEvaluator;
import org.pf4j.Extension;

/**
 * {@code diffsearch eval RUN_DIR} for shapes runs: {@link RunEvaluation} with the shipped dual encoder and
 * verifiers ({@code diffsearch shapes eval --encoder FILE} takes other encoder weights).
 */
@Extension
public final class ShapesEvaluator extends RunEvaluator.Of {

  public ShapesEvaluator() {
    super("shapes", "GenEval's six tasks by parsing the images, every verifier's mean, Frechet distance to renders",
        (run, warnings) -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            return RunEvaluation.evaluate(run, null, manager);
          }
        });
  }
}
