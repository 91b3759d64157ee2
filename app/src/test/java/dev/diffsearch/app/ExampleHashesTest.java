package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example pipeline gives the results it gave when its hash was recorded: the images, the noises,
 * every candidate line and the summary (wall times aside) hash to the value in
 * {@code golden/examples.sha256}. A redesign that must not change results (the plugin API and conditions
 * issue) is checked against these. After a change that is meant to alter results, re-record with
 * {@code mvn -q -pl app verify -Dtest=ExampleHashesTest -Ddiffsearch.golden.record=true} and say why in the
 * commit; {@code -Ddiffsearch.golden.keep=DIR} keeps each example's run directory under DIR to compare.
 * ({@code gemini-judge.yaml} needs a live judge and is left out.) The hashes caught that the order of an
 * ensemble's member scores in {@code candidates.jsonl} changed from JVM to JVM ({@code Map.copyOf}).
 */
class ExampleHashesTest {

  private static final Path GOLDEN = Path.of("golden", "examples.sha256");

  @BeforeAll
  static void engine() {
    Fixtures.engine();
  }

  @ParameterizedTest
  @ValueSource(strings = {"random", "zero-order", "paths", "smc", "beam", "ensemble", "oracle-is", "oracle-fid",
      "quickstart", "fashion-mnist", "torchscript"})
  void theExampleGivesTheResultsRecordedForIt(String example, @TempDir Path tmp) throws IOException {
    Path run = tmp.resolve(example);
    Cli.Result r = Cli.runPipeline(Fixtures.repoDir().resolve("examples").resolve(example + ".yaml"), run);
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    String digest = digest(run);
    if (System.getProperty("diffsearch.golden.keep") != null) {
      Fixtures.copyTree(run, Path.of(System.getProperty("diffsearch.golden.keep"), example));
    }
    Path goldenFile = Fixtures.repoDir().resolve("app/src/test/resources").resolve(GOLDEN);
    Map<String, String> golden = read(goldenFile);
    if (Boolean.getBoolean("diffsearch.golden.record")) {
      golden.put(example, digest);
      write(goldenFile, golden);
      return;
    }
    assertThat(golden).as("a recorded hash for %s (record: -Ddiffsearch.golden.record=true)", example)
        .containsKey(example);
    assertThat(digest).as("%s: images, noises, candidates.jsonl and summary.json", example)
        .isEqualTo(golden.get(example));
  }

  /** SHA-256 over each result file's relative path and bytes, in path order; summary.json without wall times. */
  static String digest(Path run) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    for (String dir : List.of("images", "noises")) {
      try (Stream<Path> s = Files.list(run.resolve(dir))) {
        for (Path p : s.toList()) {
          files.put(dir + "/" + p.getFileName(), Files.readAllBytes(p));
        }
      }
    }
    files.put("candidates.jsonl", Files.readAllBytes(run.resolve("candidates.jsonl")));
    JsonNode summary = Fixtures.JSON.readTree(run.resolve("summary.json").toFile());
    withoutWallTimes(summary);
    files.put("summary.json", Fixtures.JSON.writeValueAsBytes(summary));
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes);
      });
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void withoutWallTimes(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("wall-seconds");
    }
    node.forEach(ExampleHashesTest::withoutWallTimes);
  }

  private static Map<String, String> read(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    if (Files.isRegularFile(file)) {
      for (String line : Fixtures.lines(file)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] kv = line.trim().split("\\s+");
          out.put(kv[0], kv[1]);
        }
      }
    }
    return out;
  }

  private static synchronized void write(Path file, Map<String, String> golden) {
    StringBuilder b = new StringBuilder(
        "# example  sha256 of its images, noises, candidates.jsonl and summary.json (wall times aside); see ExampleHashesTest\n");
    new TreeMap<>(golden).forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
