package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble of a plugin verifier and a built-in-registry lookup, run end to end. */
class EnsembleTest {

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @Test
  void everyMembersScoreIsRecordedAndTheEnsembleIsTheirMeanRank(@TempDir Path tmp) {
    ObjectNode root = Fixtures.smallQuickstart(tmp, 5, 2);
    ObjectNode verifier = root.putObject("verifier");
    verifier.put("name", "ensemble");
    var members = verifier.putArray("members");
    members.addObject().put("name", "mixture-posterior").put("sigma", 2.0);
    members.addObject().put("name", "brightness");
    root.withObject("/search").put("nfe", 8 * 7); // 8 candidates of heun 4 (7 NFE), one batch
    Path config = Fixtures.writeYaml(tmp, "ensemble.yaml", root);
    Cli.Result r = Cli.runPipeline(config, tmp.resolve("run"));
    assertThat(r.exitCode()).as(r.transcript()).isZero();

    List<JsonNode> lines = Fixtures.candidates(tmp.resolve("run"));
    assertThat(lines).hasSize(8);
    float[] posterior = new float[8];
    float[] brightness = new float[8];
    for (int i = 0; i < 8; i++) {
      JsonNode scores = lines.get(i).path("scores");
      assertThat(scores.has("ensemble") && scores.has("mixture-posterior") && scores.has("brightness")).as(scores.toString()).isTrue();
      posterior[i] = (float) scores.path("mixture-posterior").asDouble();
      brightness[i] = (float) scores.path("brightness").asDouble();
    }
    double[] rp = rank(posterior);
    double[] rb = rank(brightness);
    for (int i = 0; i < 8; i++) {
      assertThat(lines.get(i).path("score").asDouble()).isCloseTo((rp[i] + rb[i]) / 2, within(1e-6));
    }
  }

  @Test
  void anUnknownMemberNamesItsYamlPath(@TempDir Path tmp) {
    ObjectNode root = Fixtures.smallQuickstart(tmp, 5, 2);
    ObjectNode verifier = root.putObject("verifier");
    verifier.put("name", "ensemble");
    verifier.putArray("members").addObject().put("name", "nope");
    Cli.Result r = Cli.runPipeline(Fixtures.writeYaml(tmp, "bad.yaml", root), tmp.resolve("run"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines()).singleElement().asString()
        .startsWith("error: verifier.members[0].name: unknown verifier 'nope'").contains("mixture-posterior");
  }

  /** Normalized ranks, ties averaged, computed here independently of the plugin. */
  private static double[] rank(float[] v) {
    int n = v.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int below = 0;
      int equal = 0;
      for (float w : v) {
        below += w < v[i] ? 1 : 0;
        equal += w == v[i] ? 1 : 0;
      }
      out[i] = (below + (equal - 1) / 2.0) / (n - 1);
    }
    return out;
  }
}
