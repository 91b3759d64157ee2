package dev.diffsearch.api.config;

/**
 * Bad input: a configuration value, file or name that the user must fix. Its message is one line that
 * names where the problem is (a YAML path, a file, a plugin). The CLI prints it and exits with code 2.
 */
public class ConfigException extends RuntimeException {

  private final String path;

  public ConfigException(String path, String message) {
    super(path == null || path.isEmpty() ? message : path + ": " + message);
    this.path = path;
  }

  public ConfigException(String message) {
    this(null, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
    this.path = null;
  }

  /** An error at {@code key}, relative to the block being validated; the engine prefixes the block. */
  public static ConfigException at(String key, String message) {
    return new ConfigException(key, message);
  }

  /** The YAML path (or file) the message is about, or null. */
  public String path() {
    return path;
  }

  /** The same problem, its path prefixed with {@code block} (e.g. {@code search}). */
  public ConfigException under(String block) {
    String inner = getMessage();
    String joined;
    if (path == null || path.isEmpty()) {
      return new ConfigException(block, inner);
    }
    joined = block + "." + path;
    String msg = inner.substring(path.length() + 2);
    return new ConfigException(joined, msg);
  }
}
