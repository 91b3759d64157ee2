package dev.diffsearch.api.spi;

import org.pf4j.ExtensionPoint;

/**
 * Anything the engine finds by a stable name: built-ins and plugin extensions alike. Names are what a
 * pipeline YAML refers to; two extensions of one kind may not share a name.
 */
public interface NamedExtension extends ExtensionPoint {

  /** The stable name used in configuration, e.g. {@code heun} or {@code random}. */
  String name();

  /** One line for {@code diffsearch plugins}. */
  default String description() {
    return "";
  }
}
