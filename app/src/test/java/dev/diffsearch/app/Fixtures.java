package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared fixtures of the app tests: the plugins directory, small pipelines, run-file readers. */
final class Fixtures {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** Heun with 4 steps costs 2·4 − 1 = 7 NFE, so 28 NFE pays for 4 candidates per output. */
  static final int SEARCH_NFE = 28;

  private Fixtures() {}

  /** The plugins directory the app module's build fills (surefire passes it). */
  static Path pluginsDir() {
    String dir = System.getProperty("diffsearch.plugins.dir");
    assertThat(dir).as("system property diffsearch.plugins.dir (set by surefire)").isNotNull();
    Path p = Path.of(dir);
    assertThat(p.resolve("gaussian-mixture.jar")).isRegularFile();
    assertThat(p.resolve("example-verifier.jar")).isRegularFile();
    return p;
  }

  /** The repository root (surefire passes it). */
  static Path repoDir() {
    String dir = System.getProperty("diffsearch.repo.dir");
    assertThat(dir).as("system property diffsearch.repo.dir (set by surefire)").isNotNull();
    return Path.of(dir);
  }

  /**
   * {@code examples/random.yaml}, parsed: random search on the exact gaussian-mixture model (the tests'
   * reference pipeline, whatever model the quickstart uses).
   */
  static ObjectNode quickstart() {
    try {
      return (ObjectNode) YAML.readTree(repoDir().resolve("examples/random.yaml").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A small copy of the reference pipeline: heun 4 steps for search and final, {@link #SEARCH_NFE} NFE per
   * output, the given classes with one sample each, written under {@code runs} of {@code dir}.
   */
  static ObjectNode smallQuickstart(Path dir, long seed, int... classes) {
    ObjectNode root = quickstart();
    root.put("seed", seed);
    root.withObject("/sampler/search").put("steps", 4);
    root.withObject("/sampler/final").put("steps", 4);
    root.withObject("/search").put("nfe", SEARCH_NFE);
    ObjectNode conditions = root.withObject("/conditions");
    var list = conditions.putArray("classes");
    for (int c : classes) {
      list.add(c);
    }
    conditions.put("samples-per-class", 1);
    ObjectNode output = root.withObject("/output");
    output.put("dir", dir.resolve("runs").toString());
    output.put("name", "small");
    return root;
  }

  /**
   * Runs {@link #smallQuickstart} (seed 3, classes 1 and 4) with the verifier {@code verifierYaml} scoring in
   * batches of 2 (two batches per output) and the plugins of {@code pluginsDir}, into {@code tmp/run}.
   */
  static Cli.Result runWithVerifier(Path tmp, Path pluginsDir, String verifierYaml) {
    ObjectNode root = smallQuickstart(tmp, 3, 1, 4);
    root.withObject("/search").put("max-batch", 2);
    root.set("verifier", parseYaml(verifierYaml));
    Path config = writeYaml(tmp, "verifier.yaml", root);
    return Cli.run("run", config.toString(), "--out", tmp.resolve("run").toString(), "--plugins-dir",
        pluginsDir.toString(), "--no-progress");
  }

  /**
   * Runs {@code plugins} on the distribution's plugins directory and asserts that it exits 0 and that its
   * output holds each of {@code patterns}; returns the output.
   */
  static String assertPluginsLists(String... patterns) {
    Cli.Result r = Cli.run("plugins", "--plugins-dir", pluginsDir().toString());
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    for (String pattern : patterns) {
      assertThat(r.out()).containsPattern(pattern);
    }
    return r.out();
  }

  /** A YAML snippet, parsed. */
  static com.fasterxml.jackson.databind.JsonNode parseYaml(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code tree} as YAML to {@code dir/name}. */
  static Path writeYaml(Path dir, String name, JsonNode tree) {
    try {
      Path file = dir.resolve(name);
      YAML.writeValue(file.toFile(), tree);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes YAML text to {@code dir/name}. */
  static Path writeText(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode readJson(Path file) {
    try {
      return (ObjectNode) JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of a file, as written. */
  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each line of {@code candidates.jsonl}, parsed. */
  static List<JsonNode> candidates(Path runDir) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines(runDir.resolve("candidates.jsonl"))) {
      try {
        out.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException("bad line in candidates.jsonl: " + line, e);
      }
    }
    return out;
  }

  /** The file names in {@code dir} that end with {@code suffix}, sorted. */
  static List<String> files(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the DJL engine once, before any plugin loads, as the CLI does. */
  static void engine() {
    Environment.init();
    Environment.engine();
  }

  /**
   * {@code dir} holds the results of the run in {@code expected}: the same candidate lines in the same order,
   * the same summary but for wall times, and byte-identical images and noises.
   */
  static void assertSameRunFiles(Path dir, Path expected) {
    assertThat(lines(dir.resolve("candidates.jsonl")))
        .as("candidates.jsonl: same lines, same order, nothing lost, nothing twice")
        .containsExactlyElementsOf(lines(expected.resolve("candidates.jsonl")));
    assertThat(withoutWallTimes(readJson(dir.resolve("summary.json"))))
        .isEqualTo(withoutWallTimes(readJson(expected.resolve("summary.json"))));
    for (String sub : java.util.List.of("images", "noises")) {
      java.util.List<String> names = files(expected.resolve(sub), "");
      assertThat(files(dir.resolve(sub), "")).as(sub).containsExactlyElementsOf(names);
      for (String name : names) {
        assertThat(bytes(dir.resolve(sub).resolve(name))).as(sub + "/" + name)
            .isEqualTo(bytes(expected.resolve(sub).resolve(name)));
      }
    }
  }

  /** A copy of a summary.json without its wall times (what differs between two runs of the same work). */
  static ObjectNode withoutWallTimes(ObjectNode summary) {
    ObjectNode copy = summary.deepCopy();
    copy.path("outputs").forEach(o -> ((ObjectNode) o).remove("wall-seconds"));
    ((ObjectNode) copy.get("totals")).remove("wall-seconds");
    return copy;
  }
}
