package dev.diffsearch.plugins.mixture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.api.cli.CommandSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

  @Test
  void theDocumentedCommandRemakesTheBundledMixtureExactly(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("fit");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int code = CommandSupport.execute(new FitCommand(), List.of("--out", out.toString()), new PrintStream(stdout), System.err);
    assertThat(code).isZero();
    MixtureFiles.Parameters made = MixtureFiles.read(out);
    MixtureFiles.Parameters bundled = MixtureFiles.bundled();
    assertThat(made.means()).isDeepEqualTo(bundled.means());
    assertThat(made.variances()).containsExactly(bundled.variances());
    assertThat(made.weights()).containsExactly(bundled.weights());
    assertThat(made.classes()).containsExactly(bundled.classes());
  }

  @Test
  void aMissingOrCorruptDatasetIsOneClearLine(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CommandSupport.execute(new FitCommand(), List.of("--data", tmp.toString()), System.out, new PrintStream(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("train-images-idx3-ubyte.gz").contains("apt-get install -y dataset-fashion-mnist");

    Files.write(tmp.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
    Files.write(tmp.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
    err.reset();
    code = CommandSupport.execute(new FitCommand(), List.of("--data", tmp.toString()), System.out, new PrintStream(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim().lines().count()).isEqualTo(1);
    assertThat(err.toString()).contains("train-images-idx3-ubyte.gz");
  }
}
