package dev.diffsearch.plugins.gemini;

import dev.diffsearch.api.config.ConfigException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The five axes of the paper's LLM grader, each rated from {@link #MIN} to {@link #MAX}. */
enum Axis {
  ACCURACY("accuracy", "accuracy"),
  ORIGINALITY("originality", "originality"),
  VISUAL_QUALITY("visual-quality", "visual_quality"),
  CONSISTENCY("consistency", "consistency"),
  EMOTIONAL_RESONANCE("emotional-resonance", "emotional_resonance");

  /** The scale every axis is rated on. */
  static final double MIN = 0;

  static final double MAX = 10;

  /** The name in the config ({@code axis:}). */
  final String configName;

  /** The field of the model's JSON answer. */
  final String field;

  Axis(String configName, String field) {
    this.configName = configName;
    this.field = field;
  }

  /** The axis named by the config's {@code axis}, or null for {@code mean}. */
  static Axis parseSelection(String name) {
    if (name.equals("mean")) {
      return null;
    }
    for (Axis a : values()) {
      if (a.configName.equals(name)) {
        return a;
      }
    }
    throw ConfigException.at("axis", "must be mean or one of "
        + Arrays.stream(values()).map(a -> a.configName).collect(Collectors.joining(", ")) + ", got '" + name + "'");
  }
}
