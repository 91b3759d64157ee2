package dev.diffsearch.api.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Measures a finished run of one model with an evaluator the search never sees (FID and class accuracy for
 * fashion-mnist, GenEval's tasks for shapes): what {@code diffsearch eval RUN_DIR} and a sweep call for a run
 * whose {@code run.json} names the model {@link #name()} ({@code config.model.name}). It writes
 * {@code RUN_DIR/metrics.json} and returns the same object; a run it cannot read (missing images, prompts
 * without what the evaluator needs) is an {@code IOException} whose message names the run directory and what
 * is wrong, in one line. {@code diffsearch plugins} lists it (kind {@code evaluator}).
 *
 * <p>Its options are the evaluator's defaults (shipped networks and reference statistics); a plugin that offers
 * more (other weights, a reference run) does so through a command of its own.
 */
public interface RunEvaluator extends NamedExtension {

  /**
   * Evaluates the finished run in {@code runDir}, writes {@code runDir/metrics.json} and returns it.
   *
   * @param runDir a run directory of a model named {@link #name()}
   * @param warnings where to say that a metric rests on too few samples to be trusted (one line each)
   */
  ObjectNode evaluate(Path runDir, Consumer<String> warnings) throws IOException;

  /**
   * The short form: {@code @Extension public final class ShapesEvaluator extends RunEvaluator.Of} whose
   * constructor calls {@code super("shapes", "GenEval's six tasks ...", ShapesEvaluator::evaluate)}.
   */
  abstract class Of extends DeclaredExtension<NoConfig, Of.Evaluation> implements RunEvaluator {

    /** The evaluation itself. */
    @FunctionalInterface
    public interface Evaluation {
      ObjectNode evaluate(Path runDir, Consumer<String> warnings) throws IOException;
    }

    /**
     * @param name the model backend whose runs it evaluates ({@code model.name} in a pipeline)
     * @param description one line for {@code diffsearch plugins}
     */
    protected Of(String name, String description, Evaluation evaluation) {
      super(name, description, NoConfig.class, evaluation);
    }

    @Override
    public final ObjectNode evaluate(Path runDir, Consumer<String> warnings) throws IOException {
      return constructor().evaluate(runDir, warnings);
    }
  }
}
