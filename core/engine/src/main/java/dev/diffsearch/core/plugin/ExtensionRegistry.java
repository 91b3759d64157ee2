package dev.diffsearch.core.plugin;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Extensions;
import dev.diffsearch.api.spi.NamedExtension;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SamplerFactory;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.core.config.Mappers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one registry of extensions, per kind and by name, with where each came from. */
public final class ExtensionRegistry implements Extensions {

  /** One registered extension. */
  public record Entry(ExtensionKind kind, String name, NamedExtension extension, Origin origin) {}

  private final Map<ExtensionKind, Map<String, Entry>> byKind = new EnumMap<>(ExtensionKind.class);

  ExtensionRegistry() {
    for (ExtensionKind kind : ExtensionKind.values()) {
      byKind.put(kind, new TreeMap<>());
    }
  }

  void register(ExtensionKind kind, NamedExtension extension, Origin origin) {
    String name = extension.name();
    Entry previous = byKind.get(kind).get(name);
    if (previous != null) {
      throw new ConfigException(
          "two "
              + kind.label()
              + " extensions are named '"
              + name
              + "': "
              + previous.extension().getClass().getName()
              + " ("
              + previous.origin()
              + ") and "
              + extension.getClass().getName()
              + " ("
              + origin
              + ")");
    }
    byKind.get(kind).put(name, new Entry(kind, name, extension, origin));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Sampler sampler(String name, Map<String, ?> options, String where) {
    SamplerFactory<Object> factory = get(ExtensionKind.SAMPLER, SamplerFactory.class, name, where);
    return factory.create(ConfigBinder.bind(Mappers.json().valueToTree(options), factory.configType(), where));
  }

  /**
   * The extension of {@code kind} named {@code name}; an unknown name is a {@link ConfigException} at
   * {@code yamlPath} that lists the known names.
   */
  public <T extends NamedExtension> T get(ExtensionKind kind, Class<T> type, String name, String yamlPath) {
    Entry entry = byKind.get(kind).get(name);
    if (entry == null) {
      throw new ConfigException(
          yamlPath,
          "unknown " + kind.label() + " '" + name + "' (known: " + String.join(", ", names(kind)) + ")");
    }
    return type.cast(entry.extension());
  }

  /** The entry of an extension, or null. */
  public Entry find(ExtensionKind kind, String name) {
    return byKind.get(kind).get(name);
  }

  /** Known names of a kind, sorted. */
  public List<String> names(ExtensionKind kind) {
    return new ArrayList<>(byKind.get(kind).keySet());
  }

  /** Every entry, by kind then name. */
  public List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (Map<String, Entry> m : byKind.values()) {
      all.addAll(m.values());
    }
    return Collections.unmodifiableList(all);
  }
}
