package dev.diffsearch.plugins.gemini;

import dev.diffsearch.api.spi.VerifierFactory;
import org.pf4j.Extension;

/**
 * {@code gemini-judge}: an LLM judge. Gemini rates each sample against its class's text prompt on the
 * paper's five axes (accuracy to prompt, originality, visual quality, internal consistency, emotional
 * resonance); the score is one axis or their mean. Meant for evaluation, as in the paper, but usable for
 * search. The API key comes from the environment variable named by {@code api-key-env}.
 */
@Extension
public final class GeminiJudgeVerifier extends VerifierFactory.Of<GeminiJudgeConfig> {

  public GeminiJudgeVerifier() {
    super(GeminiJudge.NAME,
        "LLM judge: Gemini rates each sample on five axes (key from the env variable api-key-env names)",
        GeminiJudgeConfig.class, (config, context) -> new GeminiJudge(config, context.baseDir(), System::getenv));
  }
}
