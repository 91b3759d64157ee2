package dev.diffsearch.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The plugin API itself: its version, which a plugin's {@code Plugin-Requires} is checked against, and the
 * package prefix of the engine, which a plugin may not use.
 */
public final class PluginApi {

  /** The version of the plugin contract (the root pom's {@code diffsearch.api.version}, built into this jar). */
  public static final String VERSION = readVersion();

  /** Classes under this prefix are the engine's: a plugin compiles against this API alone. */
  public static final String ENGINE_PACKAGE = "dev.diffsearch.core.";

  private PluginApi() {}

  private static String readVersion() {
    Properties p = new Properties();
    try (InputStream in = PluginApi.class.getResourceAsStream("api-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("diffsearch-api jar has no dev/diffsearch/api/api-version.properties");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }
}
