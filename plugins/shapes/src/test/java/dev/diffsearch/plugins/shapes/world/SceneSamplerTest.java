package dev.diffsearch.plugins.shapes.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The world's generator: deterministic, its renders agree with its scene graphs, its split holds. */
class SceneSamplerTest {

  private static final SceneSampler TRAINING = new SceneSampler(Split.TRAINING);
  private static final SceneSampler HELD_OUT = new SceneSampler(Split.HELD_OUT);

  @Test
  void theSameSeedGivesTheSameSceneGraphAndPixels() {
    for (long seed = 0; seed < 200; seed++) {
      for (SceneSampler sampler : List.of(TRAINING, HELD_OUT)) {
        Scene a = sampler.sample(seed);
        Scene b = sampler.sample(seed);
        assertThat(b).isEqualTo(a);
        assertThat(Canvas.render(b)).containsExactly(Canvas.render(a));
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentScenes() {
    Set<Scene> scenes = new HashSet<>();
    Set<String> pixels = new HashSet<>();
    for (long seed = 0; seed < 500; seed++) {
      Scene scene = TRAINING.sample(seed);
      scenes.add(scene);
      pixels.add(sha256(Canvas.render(scene)));
    }
    assertThat(scenes).hasSize(500);
    assertThat(pixels).hasSize(500);
  }

  @Test
  void rendersAreReproducibleToTheBit() {
    // A digest of 100 renders, recorded once: float math or drawing rules that drift would change it.
    MessageDigest digest = digest();
    for (long seed = 0; seed < 100; seed++) {
      digest.update(bytes(Canvas.render(TRAINING.sample(seed))));
      digest.update(bytes(Canvas.render(HELD_OUT.sample(seed))));
    }
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(RENDERS_SHA256);
  }

  static final String RENDERS_SHA256 = "af2b6402698af735c2c5535e03b261cafe369e629ebbc90c4b519d77ed6c3320";

  @Test
  void everyObjectsPixelsLieInItsBoxInItsColourAndTheRestIsBackground() {
    SplittableRandom random = new SplittableRandom(7);
    int plane = Canvas.SIZE * Canvas.SIZE;
    List<String> wrong = new ArrayList<>();
    for (int n = 0; n < 2000; n++) {
      Scene scene = (n % 2 == 0 ? TRAINING : HELD_OUT).sample(random);
      float[] image = Canvas.render(scene);
      boolean[] covered = new boolean[plane];
      for (SceneObject o : scene.objects()) {
        Box box = o.box();
        assertThat(box.width()).isEqualTo(o.size().pixels());
        assertThat(box.x()).isGreaterThanOrEqualTo(0);
        assertThat(box.right()).isLessThanOrEqualTo(Canvas.SIZE);
        assertThat(box.y()).isGreaterThanOrEqualTo(0);
        assertThat(box.bottom()).isLessThanOrEqualTo(Canvas.SIZE);
        boolean[] mask = Canvas.mask(o.shape(), box.width(), box.height());
        int drawn = 0;
        for (int y = 0; y < box.height(); y++) {
          for (int x = 0; x < box.width(); x++) {
            if (mask[y * box.width() + x]) {
              int i = (box.y() + y) * Canvas.SIZE + box.x() + x;
              if (!Arrays.equals(rgb(image, i), unit(o.colour()))) {
                wrong.add("pixel " + i + " of " + o);
              }
              covered[i] = true;
              drawn++;
            }
          }
        }
        assertThat(drawn).as("pixels of %s", o).isGreaterThanOrEqualTo(o.size() == Size.SMALL ? 20 : 60);
      }
      float bg = Canvas.toUnit(Canvas.BACKGROUND);
      for (int i = 0; i < plane; i++) {
        if (!covered[i] && !Arrays.equals(rgb(image, i), new float[] {bg, bg, bg})) {
          wrong.add("background pixel " + i + " of " + scene);
        }
      }
      List<SceneObject> objects = scene.objects();
      for (int i = 0; i < objects.size(); i++) {
        for (int j = i + 1; j < objects.size(); j++) {
          assertThat(objects.get(i).box().apart(objects.get(j).box(), Layout.GAP)).as("%s apart", scene).isTrue();
        }
      }
      for (SceneRelation r : scene.relations()) {
        assertThat(r.relation().offset(objects.get(r.subject()).box(), objects.get(r.object()).box()))
            .isGreaterThanOrEqualTo(Scene.PLACEMENT_MARGIN);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void theTrainingSamplerNeverEmitsAHeldOutComposition() {
    SplittableRandom random = new SplittableRandom(11);
    int related = 0;
    for (int n = 0; n < 10_000; n++) {
      Scene scene = TRAINING.sample(random);
      List<SceneObject> objects = scene.objects();
      for (SceneObject o : objects) {
        assertThat(HeldOut.PAIRS).doesNotContain(new HeldOut.Pair(o.colour(), o.shape()));
      }
      for (SceneObject a : objects) {
        for (SceneObject b : objects) {
          if (a == b) {
            continue;
          }
          for (HeldOut.Triple t : HeldOut.TRIPLES) {
            // the triple, read by box centres, in either direction
            boolean forward = a.shape() == t.subject() && b.shape() == t.object()
                && t.relation().holds(a.box(), b.box(), Relation.MARGIN);
            assertThat(forward).as("%s holds in %s", t, scene).isFalse();
          }
        }
      }
      related += scene.relations().size();
    }
    assertThat(related).as("training scenes that state a relation").isGreaterThan(500);
  }

  @Test
  void heldOutScenesEachContainAHeldOutCompositionAndTogetherCoverThemAll() {
    SplittableRandom random = new SplittableRandom(13);
    Set<HeldOut.Pair> pairs = new HashSet<>();
    Set<HeldOut.Triple> triples = new HashSet<>();
    for (int n = 0; n < 3000; n++) {
      Scene scene = HELD_OUT.sample(random);
      assertThat(HeldOut.contains(scene)).isTrue();
      List<SceneObject> objects = scene.objects();
      for (SceneObject o : objects) {
        if (HeldOut.PAIRS.contains(new HeldOut.Pair(o.colour(), o.shape()))) {
          pairs.add(new HeldOut.Pair(o.colour(), o.shape()));
        }
      }
      for (SceneRelation r : scene.relations()) {
        HeldOut.Triple t = new HeldOut.Triple(objects.get(r.subject()).shape(), r.relation(), objects.get(r.object()).shape());
        HeldOut.Triple converse = new HeldOut.Triple(t.object(), t.relation().converse(), t.subject());
        triples.add(HeldOut.TRIPLES.contains(t) ? t : converse);
      }
    }
    assertThat(pairs).containsExactlyInAnyOrderElementsOf(HeldOut.PAIRS);
    assertThat(triples).containsAll(HeldOut.TRIPLES);
  }

  @Test
  void theHeldOutSplitIsSmallAndLeavesEveryShapeColourAndRelationToTraining() {
    Set<Shape> shapes = EnumSet.noneOf(Shape.class);
    Set<Colour> colours = EnumSet.noneOf(Colour.class);
    HeldOut.PAIRS.forEach(p -> {
      shapes.add(p.shape());
      colours.add(p.colour());
    });
    assertThat(HeldOut.PAIRS).hasSize(Shape.values().length);
    assertThat(shapes).hasSize(Shape.values().length);
    assertThat(colours).hasSize(HeldOut.PAIRS.size());
    Set<Relation> relations = EnumSet.noneOf(Relation.class);
    HeldOut.TRIPLES.forEach(t -> relations.add(t.relation()));
    assertThat(relations).hasSize(Relation.values().length);
  }

  private static float[] rgb(float[] image, int i) {
    int plane = Canvas.SIZE * Canvas.SIZE;
    return new float[] {image[i], image[plane + i], image[2 * plane + i]};
  }

  private static float[] unit(Colour c) {
    return new float[] {Canvas.toUnit(c.r()), Canvas.toUnit(c.g()), Canvas.toUnit(c.b())};
  }

  private static byte[] bytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  private static String sha256(float[] values) {
    return HexFormat.of().formatHex(digest().digest(bytes(values)));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
