package dev.diffsearch.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A YAML block that names an extension.
 *
 * @param name the extension's name
 * @param options the block's other keys, bound to the extension's config record
 * @param path the block's YAML path, for messages (e.g. {@code sampler.search})
 */
public record ExtensionBlock(String name, ObjectNode options, String path) {

  /** Binds the options to {@code type}, with errors at this block's path. */
  public <C> C bind(Class<C> type) {
    return ConfigBinder.bind(options, type, path);
  }
}
