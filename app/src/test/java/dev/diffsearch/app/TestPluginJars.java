package dev.diffsearch.app;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars at test time: Java sources compiled against the test class path, a PF4J extension
 * index ({@code META-INF/extensions.idx}) and a manifest with {@code Plugin-Id}, {@code Plugin-Version}
 * and {@code Plugin-Requires}; also broken jars (random bytes, no plugin manifest, a plugin manifest and
 * nothing else, no extension index, index entries that name no extension of the jar) and copies of the
 * real plugin jars of the distribution.
 *
 * <pre>
 * Path jar = TestPluginJars.plugin("dup-plugin")
 *     .version("1.0.0")
 *     .requires("&gt;=0.1.0")
 *     .extension("dup.DupHeun", "package dup; ... @org.pf4j.Extension public class DupHeun ...")
 *     .writeTo(dir);
 * </pre>
 */
final class TestPluginJars {

  private TestPluginJars() {}

  /** A plugin jar to build, with id {@code pluginId}. */
  static Builder plugin(String pluginId) {
    return new Builder(pluginId);
  }

  /** Builder of one plugin jar. */
  static final class Builder {
    private final String pluginId;
    private String version = "1.0.0";
    private String requires = ">=0.3.0 & <0.4.0";
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Set<String> omitted = new LinkedHashSet<>();
    private boolean index = true;
    private String fileName;

    private Builder(String pluginId) {
      this.pluginId = pluginId;
    }

    /** {@code Plugin-Version} (default 1.0.0). */
    Builder version(String version) {
      this.version = version;
      return this;
    }

    /** {@code Plugin-Requires} (default >=0.3.0 & <0.4.0); null leaves it out. */
    Builder requires(String requires) {
      this.requires = requires;
      return this;
    }

    /** Any other manifest attribute, e.g. {@code Plugin-Class}. */
    Builder manifestAttribute(String name, String value) {
      manifest.put(name, value);
      return this;
    }

    /** A class listed in the extension index; {@code source} is its whole compilation unit. */
    Builder extension(String className, String source) {
      sources.put(className, source);
      extensions.add(className);
      return this;
    }

    /** A helper class compiled into the jar but not listed as an extension. */
    Builder source(String className, String source) {
      sources.put(className, source);
      return this;
    }

    /** A line of the extension index naming {@code className}, whatever the jar holds. */
    Builder indexEntry(String className) {
      extensions.add(className);
      return this;
    }

    /** Compiles {@code className} (so others can use it) but leaves its class file out of the jar. */
    Builder omitFromJar(String className) {
      omitted.add(className);
      return this;
    }

    /** No {@code META-INF/extensions.idx}: as if compiled without annotation processing. */
    Builder withoutIndex() {
      this.index = false;
      return this;
    }

    /** The jar's file name (default {@code <pluginId>.jar}). */
    Builder fileName(String fileName) {
      this.fileName = fileName;
      return this;
    }

    /** Compiles the sources and writes {@code dir/<pluginId>.jar} (or the file name given); returns its path. */
    Path writeTo(Path dir) {
      try {
        Files.createDirectories(dir);
        Path classes = Files.createTempDirectory(pluginId + "-classes");
        try {
          compile(sources, classes);
          return jar(dir.resolve(fileName != null ? fileName : pluginId + ".jar"), manifest(), entries(classes));
        } finally {
          deleteTree(classes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Manifest manifest() {
      Manifest mf = new Manifest();
      Attributes main = mf.getMainAttributes();
      main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
      main.putValue("Plugin-Id", pluginId);
      main.putValue("Plugin-Version", version);
      if (requires != null) {
        main.putValue("Plugin-Requires", requires);
      }
      manifest.forEach(main::putValue);
      return mf;
    }

    private Map<String, byte[]> entries(Path classes) throws IOException {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      try (Stream<Path> s = Files.walk(classes)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          String name = classes.relativize(p).toString().replace(File.separatorChar, '/');
          if (!omitted.contains(name.replaceFirst("\\.class$", "").replace('/', '.'))) {
            entries.put(name, Files.readAllBytes(p));
          }
        }
      }
      if (index) {
        entries.put("META-INF/extensions.idx",
            (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return entries;
    }
  }

  /**
   * The compilation unit of a public extension class {@code qualifiedClass} ({@code package.Name}) whose
   * declaration goes on with {@code supertypes} (e.g. {@code implements SamplerFactory<NoConfig>}), whose
   * {@code name()} is {@code name} and whose {@code configType()} is {@code config}; {@code members} is the rest
   * of its body (constructor, config record, create method). Every type of {@code dev.diffsearch.api.spi} is
   * imported.
   */
  static String extension(String qualifiedClass, String supertypes, String config, String name, String members) {
    int dot = qualifiedClass.lastIndexOf('.');
    return """
        package PACKAGE;

        import dev.diffsearch.api.spi.*;

        @org.pf4j.Extension
        public class CLASS SUPERTYPES {
          @Override
          public String name() {
            return "NAME";
          }

          @Override
          public Class<CONFIG> configType() {
            return CONFIG.class;
          }

        MEMBERS
        }
        """.replace("PACKAGE", qualifiedClass.substring(0, dot)).replace("CLASS", qualifiedClass.substring(dot + 1))
        .replace("SUPERTYPES", supertypes).replace("CONFIG", config).replace("NAME", name).replace("MEMBERS", members);
  }

  /**
   * A sampler {@code qualifiedClass} named {@code name} whose constructor runs {@code constructorBody} and whose
   * {@code create} throws; {@code extendsClause} is empty or e.g. {@code extends Base}.
   */
  static String sampler(String qualifiedClass, String name, String constructorBody, String extendsClause) {
    String simpleName = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
    return extension(qualifiedClass, extendsClause + " implements SamplerFactory<NoConfig>", "NoConfig", name, """
          public %s() {
            %s
          }

          @Override
          public Sampler create(NoConfig config) {
            throw new UnsupportedOperationException("a test plugin");
          }
        """.formatted(simpleName, constructorBody));
  }

  /**
   * A verifier {@code qualifiedClass} named {@code name} whose config is the record {@code Config(components)} and
   * whose {@code create(config, context)} runs {@code createBody}.
   */
  static String verifier(String qualifiedClass, String name, String components, String createBody) {
    String simpleName = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
    return extension(qualifiedClass, "implements VerifierFactory<" + simpleName + ".Config>", "Config", name, """
          public record Config(%s) {}

          @Override
          public Verifier create(Config config, ModelContext context) {
        %s
          }
        """.formatted(components, createBody));
  }

  /**
   * Compiles {@code sources} (class name → compilation unit) into {@code classesDir} against the test
   * class path, without annotation processing (the extension index is written by hand).
   */
  static void compile(Map<String, String> sources, Path classesDir) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: the tests need a JDK, not a JRE");
    }
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, code) -> units.add(new Source(name, code)));
    StringWriter diagnostics = new StringWriter();
    List<String> options = List.of(
        "--release", "17", "-proc:none", "-classpath", testClassPath(), "-d", classesDir.toString());
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
      if (!Boolean.TRUE.equals(ok)) {
        throw new IllegalStateException("test plugin did not compile:\n" + diagnostics);
      }
    }
  }

  /**
   * The test class path ({@code java.class.path}), plus the jars of the SPI and PF4J in case the
   * launcher hides the real class path behind a manifest-only jar.
   */
  static String testClassPath() {
    Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    for (Class<?> c : List.of(dev.diffsearch.api.spi.SamplerFactory.class, org.pf4j.Extension.class,
        ai.djl.ndarray.NDArray.class)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException | RuntimeException e) {
        // java.class.path alone, then
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** A file of {@code size} random bytes named like a jar: corrupt, not a zip. */
  static Path randomBytes(Path file, int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid jar with a plain manifest (no {@code Plugin-Id}) and one resource: not a plugin. */
  static Path withoutPluginManifest(Path file) {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().putValue("Created-By", "diffsearch tests");
    try {
      return jar(file, mf, Map.of("readme.txt", "not a plugin\n".getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A jar with a valid plugin manifest ({@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Requires})
   * and nothing else: no classes, no extension index.
   */
  static Path manifestOnly(Path file, String pluginId) {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().putValue("Plugin-Id", pluginId);
    mf.getMainAttributes().putValue("Plugin-Version", "1.0.0");
    mf.getMainAttributes().putValue("Plugin-Requires", ">=0.3.0 & <0.4.0");
    try {
      Files.createDirectories(file.getParent());
      return jar(file, mf, Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies real plugin jars of the distribution (e.g. {@code gaussian-mixture.jar}) into {@code dir}. */
  static Path copyReal(Path dir, String... jarNames) {
    try {
      Files.createDirectories(dir);
      for (String name : jarNames) {
        Files.copy(Fixtures.pluginsDir().resolve(name), dir.resolve(name));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code plugin} into {@code dir} beside a copy of the real gaussian-mixture plugin; returns {@code dir}. */
  static Path besideGaussianMixture(Path dir, Builder plugin) {
    copyReal(dir, "gaussian-mixture.jar");
    plugin.writeTo(dir);
    return dir;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path jar(Path file, Manifest manifest, Map<String, byte[]> entries) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(os, manifest)) {
      Set<String> dirs = new LinkedHashSet<>();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        String name = e.getKey();
        for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
          String d = name.substring(0, i + 1);
          if (!d.equals("META-INF/") && dirs.add(d)) {
            jar.putNextEntry(new JarEntry(d));
            jar.closeEntry();
          }
        }
        jar.putNextEntry(new JarEntry(name));
        jar.write(e.getValue());
        jar.closeEntry();
      }
    }
    return file;
  }

  /** A compilation unit held in memory. */
  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(java.net.URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
