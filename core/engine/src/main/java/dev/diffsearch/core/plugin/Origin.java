package dev.diffsearch.core.plugin;

/**
 * Where an extension came from: the application class path (built-in) or a plugin jar.
 *
 * @param pluginId null for built-ins
 * @param pluginVersion null for built-ins
 */
public record Origin(String pluginId, String pluginVersion) {

  public static final Origin BUILT_IN = new Origin(null, null);

  public boolean builtIn() {
    return pluginId == null;
  }

  @Override
  public String toString() {
    return builtIn() ? "built-in" : pluginId + "@" + pluginVersion;
  }
}
