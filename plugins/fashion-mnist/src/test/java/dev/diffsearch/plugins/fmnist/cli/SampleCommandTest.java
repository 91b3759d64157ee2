package dev.diffsearch.plugins.fmnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.plugins.fmnist.eval.Evaluation;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fashion-mnist sample}, {@code grid} and {@code bench} on the shipped fmnist-s. */
class SampleCommandTest {

  @TempDir Path dir;

  @Test
  void samplesARunDirectoryThatEvalAndGridRead() throws Exception {
    Path out = dir.resolve("plain");
    Commands.ok("fashion-mnist", "sample", "--per-class", "2", "--steps", "3", "--guidance", "1.5", "--out",
        out.toString());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("outputs")).hasSize(20);
    assertThat(summary.get("outputs").get(19).get("class").asInt()).isEqualTo(9);
    assertThat(summary.get("sampling").get("nfe-per-sample").asInt()).isEqualTo(5);
    assertThat(summary.get("sampling").get("forward-passes-per-sample").asInt()).isEqualTo(10);
    assertThat(ImageIO.read(out.resolve("grid.png").toFile()).getWidth()).isEqualTo(2 * 28);
    assertThat(Evaluation.readRun(out).size()).isEqualTo(20);

    Path grid = dir.resolve("g.png");
    Commands.ok("fashion-mnist", "grid", out.toString(), "--out", grid.toString());
    var image = ImageIO.read(grid.toFile());
    assertThat(image.getWidth()).isEqualTo(280);
    assertThat(image.getHeight()).isEqualTo(280);
  }

  @Test
  void benchReportsRatesAndCost() throws Exception {
    String bench = Commands.ok("fashion-mnist", "bench", "--variants", "s", "--batches", "2", "--seconds", "0.1").out();
    assertThat(bench).contains("fmnist-s").contains("450052").contains("27.8");
    // the roofline: GMAC/s is NFE/s x MACs per sample, and its share of the roof the larger of the two roof rates
    java.util.regex.Matcher roof = java.util.regex.Pattern
        .compile("roof: sgemm 1024\\^3 ([0-9.]+) GMAC/s, conv 3x3 64->64 ch on 64x28x28 ([0-9.]+) GMAC/s").matcher(bench);
    assertThat(roof.find()).as(bench).isTrue();
    double best = Math.max(Double.parseDouble(roof.group(1)), Double.parseDouble(roof.group(2)));
    String[] row = bench.lines().filter(l -> l.startsWith("fmnist-s")).findFirst().orElseThrow().trim().split("\\s+");
    double nfe = Double.parseDouble(row[4]);
    double gmac = Double.parseDouble(row[6]);
    double share = Double.parseDouble(row[7].replace("%", ""));
    assertThat(gmac).isCloseTo(nfe * 27.8e6 / 1e9, org.assertj.core.api.Assertions.within(0.01 + 0.01 * gmac));
    assertThat(share).isCloseTo(100 * gmac / best, org.assertj.core.api.Assertions.within(0.1 + 0.01 * share));
    assertThat(Commands.fashionMnist("bench", "--variants", "xl").code()).isEqualTo(2);
    Commands.Outcome noOut = Commands.fashionMnist("sample", "--per-class", "1");
    assertThat(noOut.code()).isEqualTo(2);
    assertThat(noOut.err()).contains("error: fashion-mnist sample: Missing required option: '--out=DIR'");
  }
}
