package dev.diffsearch.plugins.shapes.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.plugins.shapes.caption.Grammar;
import dev.diffsearch.plugins.shapes.prompt.ObjectSpec;
import dev.diffsearch.plugins.shapes.prompt.PromptSpec;
import dev.diffsearch.plugins.shapes.prompt.SpecSampler;
import dev.diffsearch.plugins.shapes.prompt.Task;
import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import dev.diffsearch.plugins.shapes.world.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The shipped prompt suites, generated from fixed seeds (the same lists on every machine):
 * <ul>
 *   <li>{@code geneval.jsonl}: GenEval-like, 500 prompts over the six tasks, each a different spec (single
 *       and two objects, of which there are only 21 and 42, a different text); in counting, colours,
 *       position and colour attribution every fourth prompt names a held-out composition (there are only
 *       21 held-out colour and 21 held-out counting specs);</li>
 *   <li>{@code compbench.jsonl}: DrawBench/T2I-CompBench-like, 165 prompts in the categories colour
 *       binding, shape binding, spatial, numeracy, complex, misspelled and rare words, each a different
 *       spec within its category.</li>
 * </ul>
 * Each line is a prompt of {@code conditions.prompts-file}: {@code id}, {@code prompt}, then metadata
 * {@code category}, {@code task} (the GenEval rule the evaluator applies), {@code held-out} and
 * {@code spec} (see {@link PromptSpec#toJson()}). {@link #main} writes them.
 */
public final class PromptSuites {

  /** Where the suites live on the class path (and under src/main/resources). */
  public static final String RESOURCE_DIR = "dev/diffsearch/plugins/shapes/prompts/";

  /** The GenEval-like suite's file name. */
  public static final String GENEVAL = "geneval.jsonl";

  /** The DrawBench/T2I-CompBench-like suite's file name. */
  public static final String COMPBENCH = "compbench.jsonl";

  private static final long GENEVAL_SEED = 1201;
  private static final long COMPBENCH_SEED = 1202;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prompts per GenEval task, in file order. */
  static final Map<Task, Integer> GENEVAL_COUNTS = counts();

  private PromptSuites() {}

  private static Map<Task, Integer> counts() {
    Map<Task, Integer> m = new LinkedHashMap<>();
    m.put(Task.SINGLE_OBJECT, 60);
    m.put(Task.TWO_OBJECT, 80);
    m.put(Task.COUNTING, 80);
    m.put(Task.COLORS, 80);
    m.put(Task.POSITION, 100);
    m.put(Task.COLOR_ATTR, 100);
    return m;
  }

  /** The GenEval-like suite (see the class comment). */
  public static List<SuitePrompt> geneval() {
    SplittableRandom random = new SplittableRandom(GENEVAL_SEED);
    SpecSampler training = new SpecSampler(Split.TRAINING);
    SpecSampler heldOut = new SpecSampler(Split.HELD_OUT);
    List<SuitePrompt> out = new ArrayList<>();
    Set<String> texts = new HashSet<>();
    for (Map.Entry<Task, Integer> e : GENEVAL_COUNTS.entrySet()) {
      Task task = e.getKey();
      boolean composable = task != Task.SINGLE_OBJECT && task != Task.TWO_OBJECT;
      for (int i = 0; i < e.getValue(); i++) {
        SpecSampler sampler = composable && i % 4 == 3 ? heldOut : training;
        String text;
        PromptSpec spec;
        do {
          spec = sampler.sample(task, random);
          text = Grammar.caption(spec, random);
        } while (!texts.add(composable ? Grammar.canonical(spec) : text));
        out.add(new SuitePrompt(String.format("geneval-%03d", out.size()), text, task.tag(), spec));
      }
    }
    return out;
  }

  /** The DrawBench/T2I-CompBench-like suite. */
  public static List<SuitePrompt> compbench() {
    SplittableRandom random = new SplittableRandom(COMPBENCH_SEED);
    List<SuitePrompt> out = new ArrayList<>();
    Set<String> texts = new HashSet<>();
    add(out, texts, "colour-binding", 30, random, PromptSuites::colourBinding, Grammar::caption);
    add(out, texts, "shape-binding", 25, random, PromptSuites::shapeBinding, Grammar::caption);
    add(out, texts, "spatial", 30, random, r -> new SpecSampler(Split.TRAINING).sample(Task.POSITION, r), Grammar::caption);
    add(out, texts, "numeracy", 25, random, PromptSuites::numeracy, Grammar::caption);
    add(out, texts, "complex", 25, random, PromptSuites::complex, Grammar::caption);
    add(out, texts, "misspelled", 15, random, PromptSuites::plain, (s, r) -> Words.misspell(Grammar.canonical(s), r));
    add(out, texts, "rare-words", 15, random, PromptSuites::plain, (s, r) -> Words.rare(Grammar.canonical(s), r));
    return out;
  }

  private interface SpecSource {
    PromptSpec next(SplittableRandom random);
  }

  private interface Wording {
    String text(PromptSpec spec, SplittableRandom random);
  }

  private static void add(List<SuitePrompt> out, Set<String> texts, String category, int n, SplittableRandom random,
      SpecSource specs, Wording wording) {
    for (int i = 0; i < n; i++) {
      PromptSpec spec;
      String text;
      do {
        spec = specs.next(random);
        text = wording.text(spec, random);
      } while (!texts.add(text) || !texts.add(category + ": " + Grammar.canonical(spec)));
      out.add(new SuitePrompt(String.format("compbench-%03d", out.size()), text, category, spec));
    }
  }

  /** Two or three objects, each in its own colour: "a red circle, a blue square and a green star". */
  private static PromptSpec colourBinding(SplittableRandom random) {
    int n = random.nextInt(3) == 0 ? 3 : 2;
    List<Shape> shapes = distinct(Shape.values(), n, random);
    List<Colour> colours = distinct(Colour.values(), n, random);
    List<ObjectSpec> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      objects.add(ObjectSpec.of(colours.get(i), shapes.get(i)));
    }
    return new PromptSpec(Task.COLOR_ATTR, objects, null);
  }

  /** Two shapes of one colour, sizes bound to shapes: "a large red circle and a small red square". */
  private static PromptSpec shapeBinding(SplittableRandom random) {
    List<Shape> shapes = distinct(Shape.values(), 2, random);
    Colour colour = Colour.values()[random.nextInt(Colour.values().length)];
    Size first = Size.values()[random.nextInt(2)];
    Size second = first == Size.SMALL ? Size.LARGE : Size.SMALL;
    return new PromptSpec(Task.COLOR_ATTR, List.of(
        new ObjectSpec(shapes.get(0), colour, first, 1), new ObjectSpec(shapes.get(1), colour, second, 1)), null);
  }

  /** Counted groups, at most four objects: "two red circles and a blue square", "four stars". */
  private static PromptSpec numeracy(SplittableRandom random) {
    List<ObjectSpec> objects = new ArrayList<>();
    if (random.nextBoolean()) {
      Colour colour = random.nextBoolean() ? Colour.values()[random.nextInt(Colour.values().length)] : null;
      objects.add(new ObjectSpec(Shape.values()[random.nextInt(Shape.values().length)], colour, null, 2 + random.nextInt(3)));
    } else {
      List<Shape> shapes = distinct(Shape.values(), 2, random);
      List<Colour> colours = distinct(Colour.values(), 2, random);
      int a = 2 + random.nextInt(2);
      int b = 1 + random.nextInt(4 - a);
      objects.add(new ObjectSpec(shapes.get(0), colours.get(0), null, a));
      objects.add(new ObjectSpec(shapes.get(1), colours.get(1), null, b));
    }
    return new PromptSpec(Task.COUNTING, objects, null);
  }

  /** Three or four objects, the first two in a relation: "a red circle above a blue ring, and a green star". */
  private static PromptSpec complex(SplittableRandom random) {
    int n = 3 + random.nextInt(2);
    List<Shape> shapes = distinct(Shape.values(), n, random);
    List<ObjectSpec> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Size size = random.nextInt(4) == 0 ? Size.values()[random.nextInt(2)] : null;
      objects.add(new ObjectSpec(shapes.get(i), Colour.values()[random.nextInt(Colour.values().length)], size, 1));
    }
    return new PromptSpec(Task.POSITION, objects, Relation.values()[random.nextInt(Relation.values().length)]);
  }

  /** A colours, colour attribution or position spec (for rewording). */
  private static PromptSpec plain(SplittableRandom random) {
    Task[] tasks = {Task.COLORS, Task.COLOR_ATTR, Task.POSITION};
    return new SpecSampler(Split.TRAINING).sample(tasks[random.nextInt(tasks.length)], random);
  }

  private static <T> List<T> distinct(T[] values, int n, SplittableRandom random) {
    List<T> pool = new ArrayList<>(List.of(values));
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.remove(random.nextInt(pool.size())));
    }
    return out;
  }

  /** The suite as JSONL text, one prompt a line (see the class comment). */
  public static String jsonl(List<SuitePrompt> prompts) {
    StringBuilder text = new StringBuilder();
    for (SuitePrompt p : prompts) {
      ObjectNode line = JSON.createObjectNode();
      line.put("id", p.id());
      line.put("prompt", p.prompt());
      line.put("category", p.category());
      line.put("task", p.spec().task().tag());
      line.put("held-out", p.heldOut());
      line.set("spec", p.spec().toJson());
      try {
        text.append(JSON.writeValueAsString(line)).append('\n');
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return text.toString();
  }

  /** Writes both suites into {@code dir}. */
  public static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(GENEVAL), jsonl(geneval()), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(COMPBENCH), jsonl(compbench()), StandardCharsets.UTF_8);
  }

  /** Regenerates the shipped suites: {@code PromptSuites [DIR]}, DIR defaulting to the module's resources. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/" + RESOURCE_DIR);
    write(dir);
    System.out.println("wrote " + dir.resolve(GENEVAL) + " and " + dir.resolve(COMPBENCH));
  }

  /** Rewordings for the misspelled and rare-words categories; vocabulary words only are replaced. */
  static final class Words {

    /** Each replaceable word with its misspelling and its rare synonym. */
    private static final String[][] TABLE = {
        {"circle", "cirlce", "disc"}, {"square", "sqaure", "quadrate"}, {"triangle", "traingle", "trigon"},
        {"star", "satr", "pentagram"}, {"ring", "rign", "annulus"}, {"cross", "corss", "plus sign"},
        {"diamond", "diamnod", "rhombus"}, {"red", "rde", "crimson"}, {"orange", "ornage", "tangerine"},
        {"yellow", "yelow", "golden"}, {"green", "gren", "emerald"}, {"blue", "bleu", "azure"},
        {"purple", "purpel", "violet"}, {"pink", "pnik", "fuchsia"}, {"brown", "borwn", "chocolate"},
        {"black", "balck", "ebony"}, {"white", "whte", "ivory"}, {"above", "abvoe", "atop"},
        {"below", "bleow", "underneath"}, {"left", "lfet", null}, {"right", "rigth", null},
        {"small", null, "tiny"}, {"large", null, "huge"}};

    private static final Map<String, String> TYPOS = column(1);
    private static final Map<String, String> RARE = column(2);

    private Words() {}

    private static Map<String, String> column(int k) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String[] row : TABLE) {
        if (row[k] != null) {
          m.put(row[0], row[k]);
        }
      }
      return m;
    }

    /** {@code text} with one or two of its words misspelled. */
    static String misspell(String text, SplittableRandom random) {
      return replace(text, TYPOS, 1 + random.nextInt(2), random);
    }

    /** {@code text} with one to three of its words replaced by rare synonyms. */
    static String rare(String text, SplittableRandom random) {
      return replace(text, RARE, 1 + random.nextInt(3), random);
    }

    /** Replaces up to {@code n} replaceable words, chosen at random, then mends "a"/"an". */
    private static String replace(String text, Map<String, String> table, int n, SplittableRandom random) {
      String[] words = text.split(" ");
      List<Integer> replaceable = new ArrayList<>();
      for (int i = 0; i < words.length; i++) {
        if (table.containsKey(words[i])) {
          replaceable.add(i);
        }
      }
      for (int k = 0; k < n && !replaceable.isEmpty(); k++) {
        int i = replaceable.remove(random.nextInt(replaceable.size()));
        words[i] = table.get(words[i]);
      }
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].equals("a") || words[i].equals("an")) {
          words[i] = "aeiou".indexOf(words[i + 1].charAt(0)) >= 0 ? "an" : "a";
        }
      }
      return String.join(" ", words);
    }
  }
}
