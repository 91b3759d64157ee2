package dev.diffsearch.api.spi;

/**
 * A configurable extension: its YAML block (all keys but the engine's own) is bound by Jackson to
 * {@link #configType()}, a record. Unknown keys and wrong types are errors naming the YAML path; a
 * config record may also implement {@link ValidatedConfig} to reject bad values.
 *
 * @param <C> the config record
 */
public interface Extension<C> extends NamedExtension {

  /** The record the extension's YAML block binds to; {@link NoConfig} when it takes none. */
  Class<C> configType();
}
