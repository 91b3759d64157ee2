package dev.diffsearch.core.plugin;

import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.NamedExtension;
import dev.diffsearch.api.spi.PluginCommand;
import dev.diffsearch.api.spi.RunEvaluator;
import dev.diffsearch.api.spi.SamplerFactory;
import dev.diffsearch.api.spi.SearchAlgorithmFactory;
import dev.diffsearch.api.spi.VerifierFactory;

/** The extension points of the engine, each with the word used for it in messages and listings. */
public enum ExtensionKind {
  MODEL("model", ModelBackend.class),
  SAMPLER("sampler", SamplerFactory.class),
  VERIFIER("verifier", VerifierFactory.class),
  ALGORITHM("algorithm", SearchAlgorithmFactory.class),
  COMMAND("command", PluginCommand.class),
  EVALUATOR("evaluator", RunEvaluator.class);

  private final String label;
  private final Class<? extends NamedExtension> type;

  ExtensionKind(String label, Class<? extends NamedExtension> type) {
    this.label = label;
    this.type = type;
  }

  public String label() {
    return label;
  }

  public Class<? extends NamedExtension> type() {
    return type;
  }
}
