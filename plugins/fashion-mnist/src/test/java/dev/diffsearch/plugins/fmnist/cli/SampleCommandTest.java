package dev.diffsearch.plugins.fmnist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffsearch.plugins.fmnist.eval.Evaluation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fashion-mnist sample}, {@code grid} and {@code bench} on the shipped fmnist-s. */
class SampleCommandTest {

  @TempDir Path dir;

  private static int run(List<String> args, ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
    return Commands.fashionMnist().run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  @Test
  void samplesARunDirectoryThatEvalAndGridRead() throws Exception {
    Path out = dir.resolve("plain");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc = run(List.of("sample", "--per-class", "2", "--steps", "3", "--guidance", "1.5", "--out", out.toString()), o, e);
    assertThat(rc).as(e.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("outputs")).hasSize(20);
    assertThat(summary.get("outputs").get(19).get("class").asInt()).isEqualTo(9);
    assertThat(summary.get("sampling").get("nfe-per-sample").asInt()).isEqualTo(5);
    assertThat(summary.get("sampling").get("forward-passes-per-sample").asInt()).isEqualTo(10);
    assertThat(ImageIO.read(out.resolve("grid.png").toFile()).getWidth()).isEqualTo(2 * 28);
    assertThat(Evaluation.readRun(out).size()).isEqualTo(20);

    Path grid = dir.resolve("g.png");
    assertThat(run(List.of("grid", out.toString(), "--out", grid.toString()), o, e)).isZero();
    var image = ImageIO.read(grid.toFile());
    assertThat(image.getWidth()).isEqualTo(280);
    assertThat(image.getHeight()).isEqualTo(280);
  }

  @Test
  void benchReportsRatesAndCost() throws Exception {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc = run(List.of("bench", "--variants", "s", "--batches", "2", "--seconds", "0.1"), o, e);
    assertThat(rc).as(e.toString()).isZero();
    assertThat(o.toString()).contains("fmnist-s").contains("450052").contains("27.8");
    assertThat(run(List.of("bench", "--variants", "xl"), o, e)).isEqualTo(2);
    assertThat(run(List.of("sample", "--per-class", "1"), o, e)).isEqualTo(2);
    assertThat(e.toString()).contains("error: fashion-mnist sample: Missing required option: '--out=DIR'");
  }
}
