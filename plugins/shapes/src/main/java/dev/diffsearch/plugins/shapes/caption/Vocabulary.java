package dev.diffsearch.plugins.shapes.caption;

import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Every token the {@link Grammar} can emit (words and the comma; also "one", which it does not emit yet),
 * sorted: the vocabulary of a text encoder.
 * {@link #tokens(String)} splits any text the same way; a word outside the vocabulary is the encoder's
 * business (misspelled and rare words in the prompt suites are such words on purpose).
 */
public final class Vocabulary {

  /** The grammar's tokens, sorted, without duplicates. */
  public static final List<String> WORDS = build();

  private Vocabulary() {}

  /** Lower-case words and commas of {@code text}, in order; other punctuation is dropped. */
  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.toLowerCase(Locale.ROOT).replace(",", " , ").split("[^a-z,]+")) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  /** Whether {@code word} is in the vocabulary. */
  public static boolean contains(String word) {
    return java.util.Collections.binarySearch(WORDS, word) >= 0;
  }

  private static List<String> build() {
    TreeSet<String> words = new TreeSet<>(List.of("a", "an", ","));
    Grammar.PREFIXES.forEach(p -> words.addAll(tokens(p)));
    words.addAll(Grammar.NUMBERS);
    words.addAll(Grammar.JOINERS);
    for (Relation r : Relation.values()) {
      Grammar.phrases(r).forEach(p -> words.addAll(tokens(p)));
    }
    for (Size s : Size.values()) {
      words.add(s.word());
    }
    for (Colour c : Colour.values()) {
      words.add(c.word());
    }
    for (Shape s : Shape.values()) {
      words.add(s.word());
      words.add(s.plural());
    }
    return List.copyOf(words);
  }
}
