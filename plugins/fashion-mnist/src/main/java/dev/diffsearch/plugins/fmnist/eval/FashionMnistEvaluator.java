package dev.diffsearch.plugins.fmnist.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.spi.RunEvaluator;
import dev.diffsearch.plugins.fmnist.data.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.Extension;

/**
 * {@code diffsearch eval RUN_DIR} for fashion-mnist runs: {@link RunMetrics} with the shipped evaluator,
 * written to {@code RUN_DIR/metrics.json} ({@code diffsearch fashion-mnist eval} takes the options).
 */
@Extension
public final class FashionMnistEvaluator extends RunEvaluator.Of {

  private static final ObjectMapper JSON = new ObjectMapper();

  public FashionMnistEvaluator() {
    super("fashion-mnist", "FID, KID, IS analog, precision/recall and class accuracy with the evaluator network",
        (run, warnings) -> {
          ObjectNode metrics = RunMetrics.measure(run, 0, RunMetrics.K, RunMetrics.KID_SUBSETS, null, FashionMnist.DEFAULT_DIR);
          Files.writeString(run.resolve("metrics.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics) + "\n");
          for (JsonNode w : metrics.path("warnings")) {
            warnings.accept(w.asText());
          }
          return metrics;
        });
  }
}
