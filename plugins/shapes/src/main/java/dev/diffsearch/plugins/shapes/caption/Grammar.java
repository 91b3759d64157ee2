package dev.diffsearch.plugins.shapes.caption;

import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.world.Relation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The caption grammar: text for a prompt spec, with paraphrases drawn from a random source.
 *
 * <pre>
 * caption  := prefix? body
 * prefix   := "a photo of" | "an image of" | "a picture of"
 * body     := np rel np                      (a spec with a relation; or its converse, objects swapped)
 *           | np ("and" | "with") np         (two objects, in either order)
 *           | np ("," np)* "and" np          (three or more)
 *           | np
 * np       := ("a" | "an" | number) size? colour? shape(plural when counted)
 * rel      := "to the left of" | "left of" | "on the left of" | "to the right of" | … | "above" | "over"
 *           | "below" | "under" | "beneath"
 * </pre>
 * Every word it can emit is in {@link Vocabulary#WORDS}.
 */
public final class Grammar {

  static final List<String> PREFIXES = List.of("", "a photo of", "an image of", "a picture of");
  static final List<String> NUMBERS = List.of("one", "two", "three", "four");
  static final List<String> JOINERS = List.of("and", "with");

  private Grammar() {}

  /** The phrases that say {@code relation}. */
  static List<String> phrases(Relation relation) {
    return switch (relation) {
      case LEFT_OF -> List.of("to the left of", "left of", "on the left of");
      case RIGHT_OF -> List.of("to the right of", "right of", "on the right of");
      case ABOVE -> List.of("above", "over");
      case BELOW -> List.of("below", "under", "beneath");
    };
  }

  /** The plainest caption: no prefix, first phrase of each choice, objects in spec order. */
  public static String canonical(PromptSpec spec) {
    return body(spec, null);
  }

  /** A caption of {@code spec} with paraphrases drawn from {@code random}. */
  public static String caption(PromptSpec spec, SplittableRandom random) {
    String prefix = PREFIXES.get(random.nextInt(PREFIXES.size()));
    String body = body(spec, random);
    return prefix.isEmpty() ? body : prefix + " " + body;
  }

  private static String body(PromptSpec spec, SplittableRandom random) {
    List<ObjectSpec> objects = new ArrayList<>(spec.objects());
    if (spec.relation() != null) {
      Relation relation = spec.relation();
      ObjectSpec subject = objects.get(0);
      ObjectSpec object = objects.get(1);
      if (random != null && random.nextBoolean()) {
        relation = relation.converse();
        subject = objects.get(1);
        object = objects.get(0);
      }
      String text = phrase(subject) + " " + choose(phrases(relation), random) + " " + phrase(object);
      List<ObjectSpec> rest = objects.subList(2, objects.size());
      for (int i = 0; i < rest.size(); i++) {
        text += (i == rest.size() - 1 ? ", and " : ", ") + phrase(rest.get(i));
      }
      return text;
    }
    if (objects.size() == 2) {
      if (random != null && random.nextBoolean()) {
        java.util.Collections.reverse(objects);
      }
      return phrase(objects.get(0)) + " " + choose(JOINERS, random) + " " + phrase(objects.get(1));
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) {
        text.append(i == objects.size() - 1 ? " and " : ", ");
      }
      text.append(phrase(objects.get(i)));
    }
    return text.toString();
  }

  /** "a small purple star", "three green stars", "an orange ring". */
  static String phrase(ObjectSpec o) {
    StringBuilder words = new StringBuilder();
    if (o.size() != null) {
      words.append(o.size().word()).append(' ');
    }
    if (o.colour() != null) {
      words.append(o.colour().word()).append(' ');
    }
    words.append(o.count() == 1 ? o.shape().word() : o.shape().plural());
    String rest = words.toString();
    String head = o.count() == 1 ? (startsWithVowel(rest) ? "an" : "a") : NUMBERS.get(o.count() - 1);
    return head + " " + rest;
  }

  private static boolean startsWithVowel(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0;
  }

  private static String choose(List<String> options, SplittableRandom random) {
    return random == null ? options.get(0) : options.get(random.nextInt(options.size()));
  }
}
