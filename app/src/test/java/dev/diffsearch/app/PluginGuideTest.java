package dev.diffsearch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.PluginApi;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project in docs/plugins.md, pom and Java as written, builds with Maven (offline, against the
 * freshly built diffsearch-api alone: no engine), and the jar it makes loads as a plugin and runs in a
 * pipeline.
 */
class PluginGuideTest {

  @Test
  void theGuidesProjectBuildsWithMavenAndItsJarLoadsAndRunsInAPipeline(@TempDir Path tmp)
      throws IOException, InterruptedException, URISyntaxException {
    String guide = Files.readString(Fixtures.repoDir().resolve("docs/plugins.md"));
    String pom = block(guide, "xml", "<project>");
    String java = block(guide, "java", "package org.example;");
    Matcher type = Pattern.compile("public (?:final )?class (\\w+)").matcher(java);
    assertThat(type.find()).as("a public class in the java block").isTrue();
    Path project = tmp.resolve("my-verifier");
    Files.createDirectories(project.resolve("src/main/java/org/example"));
    Files.writeString(project.resolve("pom.xml"), pom);
    Files.writeString(project.resolve("src/main/java/org/example/" + type.group(1) + ".java"), java);

    Path log = tmp.resolve("mvn.log");
    Path m2 = localRepository(tmp.resolve("m2"));
    int exit;
    try {
      exit = mvn(project, log, "-o", "-q", "-B", "-Dmaven.repo.local=" + m2, "package");
    } finally {
      unlink(m2);
    }
    assertThat(exit).as("mvn -o -q package of the guide's project:\n%s", Files.readString(log)).isZero();

    // section 3 copies the jar the build wrote
    Matcher cp = Pattern.compile("cp (target/\\S+\\.jar) ~/\\.diffsearch/plugins/").matcher(guide);
    assertThat(cp.find()).as("the guide's cp command").isTrue();
    Path jar = project.resolve(cp.group(1));
    assertThat(jar).isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getEntry("META-INF/extensions.idx")).as("the extension index PF4J's processor writes").isNotNull();
    }

    Path plugins = TestPluginJars.copyReal(tmp.resolve("plugins"), "gaussian-mixture.jar");
    Files.copy(jar, plugins.resolve(jar.getFileName()));
    Fixtures.engine();
    try (PluginRuntime runtime = PluginRuntime.start(plugins)) {
      assertThat(runtime.warnings()).isEmpty();
      assertThat(runtime.registry().find(ExtensionKind.VERIFIER, "contrast").origin().toString())
          .isEqualTo("my-verifier@1.0.0");
    }

    ObjectNode root = Fixtures.smallQuickstart(tmp, 1, 5);
    root.set("verifier", Fixtures.parseYaml("{name: contrast, gain: 2.0}"));
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run("run", Fixtures.writeYaml(tmp, "guide.yaml", root).toString(), "--out", run.toString(),
        "--plugins-dir", plugins.toString(), "--no-progress");
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    assertThat(Fixtures.readJson(run.resolve("run.json")).path("extensions").path("verifier").asText())
        .isEqualTo("contrast (my-verifier@1.0.0)");
    assertThat(Fixtures.candidates(run)).allSatisfy(c -> assertThat(c.path("score").asDouble()).isPositive());

    root.set("verifier", Fixtures.parseYaml("{name: contrast, gain: -1}"));
    Cli.Result bad = Cli.run("run", Fixtures.writeYaml(tmp, "bad.yaml", root).toString(), "--out",
        tmp.resolve("bad").toString(), "--plugins-dir", plugins.toString(), "--no-progress");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.errorLines()).singleElement().asString().isEqualTo("error: verifier.gain: must be > 0, got -1.0");
  }

  /** The first fenced block of {@code language} in the guide that starts with {@code start}. */
  private static String block(String guide, String language, String start) {
    Matcher m = Pattern.compile("```" + language + "\\n(" + Pattern.quote(start) + ".*?)```", Pattern.DOTALL)
        .matcher(guide);
    assertThat(m.find()).as("a %s block starting with %s in docs/plugins.md", language, start).isTrue();
    return m.group(1);
  }

  /**
   * Runs the Maven that runs this build ({@code diffsearch.maven.home}, else {@code mvn} on the path) in
   * {@code dir} with this JVM's JDK; its output goes to {@code log}.
   */
  private static int mvn(Path dir, Path log, String... args) throws IOException, InterruptedException {
    String home = System.getProperty("diffsearch.maven.home");
    Path bin = home == null ? null : Path.of(home, "bin", "mvn");
    List<String> command = new ArrayList<>();
    command.add(bin != null && Files.isExecutable(bin) ? bin.toString() : "mvn");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = pb.start();
    // a hung build is bounded by surefire's forkedProcessTimeoutInSeconds, not by a clock here
    return process.waitFor();
  }

  /**
   * A local Maven repository for the nested build, as the guide's install step leaves it: this checkout's
   * diffsearch-parent pom and freshly built diffsearch-api jar and pom (and nothing else of diffsearch),
   * beside links to the rest of the outer build's repository (its Maven plugins and the dependencies, so
   * the build runs offline).
   */
  private static Path localRepository(Path dir) throws IOException, URISyntaxException {
    Path outer = Path.of(System.getProperty("diffsearch.maven.repo",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    linkAllBut(outer, dir, "dev");
    linkAllBut(outer.resolve("dev"), dir.resolve("dev"), "diffsearch");

    Path repo = Fixtures.repoDir();
    Matcher v = Pattern.compile("<artifactId>diffsearch-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(repo.resolve("pom.xml")));
    assertThat(v.find()).as("the version in pom.xml").isTrue();
    String version = v.group(1);
    Path parent = Files.createDirectories(dir.resolve("dev/diffsearch/diffsearch-parent").resolve(version));
    Files.copy(repo.resolve("pom.xml"), parent.resolve("diffsearch-parent-" + version + ".pom"));
    Path api = Files.createDirectories(dir.resolve("dev/diffsearch/diffsearch-api").resolve(version));
    Files.copy(repo.resolve("core/api/pom.xml"), api.resolve("diffsearch-api-" + version + ".pom"));
    Path built = Path.of(PluginApi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path apiJar = api.resolve("diffsearch-api-" + version + ".jar");
    if (Files.isDirectory(built)) {
      jarOf(built, apiJar); // the reactor's target/classes
    } else {
      Files.copy(built, apiJar, StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  /** Links every entry of {@code from} (if it exists) into {@code to}, except {@code except}. */
  private static void linkAllBut(Path from, Path to, String... except) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (!List.of(except).contains(name)) {
          Files.createSymbolicLink(to.resolve(name), p);
        }
      }
    }
  }

  /** Deletes the links under {@code dir} (not what they point to), so that no cleanup can follow them. */
  private static void unlink(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isSymbolicLink).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Writes the files under {@code classes} into {@code jar}. */
  private static void jarOf(Path classes, Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf);
        Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(p).toString().replace(File.separatorChar, '/');
        if (name.equals(JarFile.MANIFEST_NAME)) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }
}
