package dev.diffsearch.core.plugin;

import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where the runtime looks for plugin jars: the distribution's bundled plugins ({@code plugins/} of the
 * distribution, rebuilt by every build) and one user directory that no build touches. The user
 * directory is the first of: {@code --plugins-dir}, the pipeline's {@code plugins.dir},
 * {@code $DIFFSEARCH_PLUGINS}, {@code ~/.diffsearch/plugins}. One that was asked for must exist; the
 * default may be absent. A user jar with the {@code Plugin-Id} of a bundled one replaces it.
 *
 * @param bundled the distribution's plugins directory, or null
 * @param user the user plugins directory, or null
 * @param source what chose {@code user}
 */
public record PluginDirs(Path bundled, Path user, Source source) {

  /** The environment variable that names the user plugins directory. */
  public static final String ENV = "DIFFSEARCH_PLUGINS";

  /** What chose the user directory, highest precedence first; the label is how messages name it. */
  public enum Source {
    OPTION("--plugins-dir"),
    PIPELINE("plugins.dir"),
    ENVIRONMENT(ENV),
    DEFAULT("default");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public PluginDirs {
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
  }

  /**
   * The directories of a command: {@code option} ({@code --plugins-dir}) when given, else
   * {@code $DIFFSEARCH_PLUGINS} when set, else {@code userHome/.diffsearch/plugins}.
   *
   * @param bundled the distribution's plugins directory, or null
   * @param option the {@code --plugins-dir} value, or null
   */
  public static PluginDirs of(Path bundled, Path option, Function<String, String> env, Path userHome) {
    if (option != null) {
      return new PluginDirs(bundled, option, Source.OPTION);
    }
    String fromEnv = env.apply(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new PluginDirs(bundled, Path.of(fromEnv), Source.ENVIRONMENT);
    }
    return new PluginDirs(bundled, userHome.resolve(".diffsearch").resolve("plugins"), Source.DEFAULT);
  }

  /** Just {@code dir} (may be null or absent), which a pipeline's {@code plugins.dir} replaces. */
  public static PluginDirs only(Path dir) {
    return new PluginDirs(null, dir, Source.DEFAULT);
  }

  /**
   * These directories with a pipeline's {@code plugins.dir} (null: none) as the user directory, unless
   * {@code --plugins-dir} chose one.
   */
  public PluginDirs withPipelineDir(Path dir) {
    if (dir == null || source.compareTo(Source.PIPELINE) <= 0) {
      return this;
    }
    return new PluginDirs(bundled, dir, Source.PIPELINE);
  }

  /**
   * The directories to scan, bundled first, each once.
   *
   * @throws ConfigException at the source ({@code --plugins-dir}, {@code plugins.dir},
   *     {@code DIFFSEARCH_PLUGINS}) when a user directory that was asked for is missing or no directory
   */
  public List<Path> scanned() {
    List<Path> dirs = new ArrayList<>();
    if (bundled != null && Files.isDirectory(bundled)) {
      dirs.add(bundled);
    }
    if (user == null) {
      return dirs;
    }
    if (!Files.isDirectory(user)) {
      if (source == Source.DEFAULT) {
        return dirs;
      }
      String what = Files.exists(user) ? "is not a directory" : "does not exist";
      throw new ConfigException(source.label(), "plugins directory " + user.toAbsolutePath() + " " + what);
    }
    if (dirs.isEmpty() || !sameDirectory(dirs.get(0), user)) {
      dirs.add(user);
    }
    return dirs;
  }

  private static boolean sameDirectory(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** {@code /path (source)}, with a note when the default directory does not exist. */
  public String describeUser() {
    if (user == null) {
      return "(none)";
    }
    String where = user.toAbsolutePath().toString();
    if (source == Source.DEFAULT && !Files.isDirectory(user)) {
      return where + " (default; does not exist)";
    }
    return where + " (" + source.label() + ")";
  }
}
