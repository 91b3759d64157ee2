package dev.diffsearch.plugins.shapes.verify;

import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.plugins.shapes.clip.DualEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code clip-score}: CLIPScore in the shapes world, 100 × the cosine between the dual encoder's
 * embeddings of the candidate image and of its prompt (the paper's alignment verifier). Needs a prompt.
 */
@Extension
public final class ClipScoreVerifier extends VerifierFactory.Of<ClipScoreConfig> {

  public ClipScoreVerifier() {
    super("clip-score", "100 x cosine of the shapes dual encoder's image and prompt embeddings (needs a prompt)",
        ClipScoreConfig.class, (config, context) -> {
          try {
            return new ClipScore(DualEncoder.open(context.manager(),
                config.weights() == null ? null : context.baseDir().resolve(config.weights())));
          } catch (IOException e) {
            throw new ConfigException("weights", e.getMessage());
          }
        });
  }

  /** Scores rows by their prompts, each distinct prompt encoded once per batch. */
  record ClipScore(DualEncoder encoder) implements Verifier {

    /** Each row is scored alone. */
    @Override
    public Scope scope() {
      return Scope.ROW;
    }

    @Override
    public Needs needs() {
      return Needs.PROMPT;
    }

    @Override
    public float[] score(VerifierInput input) {
      List<String> distinct = new ArrayList<>();
      Map<String, Integer> column = new HashMap<>();
      int[] of = new int[input.size()];
      for (int i = 0; i < of.length; i++) {
        of[i] = column.computeIfAbsent(input.conditions().get(i).prompt().text(), t -> {
          distinct.add(t);
          return distinct.size() - 1;
        });
      }
      return EncoderHead.scoped(input, (m, x) -> {
        float[] cos = encoder.images(x).matMul(encoder.texts(m, distinct).transpose()).toFloatArray();
        float[] scores = new float[of.length];
        for (int i = 0; i < of.length; i++) {
          scores[i] = 100f * cos[i * distinct.size() + of[i]];
        }
        return scores;
      });
    }
  }
}
