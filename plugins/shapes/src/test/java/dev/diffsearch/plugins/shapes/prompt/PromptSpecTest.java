package dev.diffsearch.plugins.shapes.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffsearch.plugins.shapes.world.Colour;
import dev.diffsearch.plugins.shapes.world.HeldOut;
import dev.diffsearch.plugins.shapes.world.Relation;
import dev.diffsearch.plugins.shapes.world.Scene;
import dev.diffsearch.plugins.shapes.world.Shape;
import dev.diffsearch.plugins.shapes.world.Size;
import dev.diffsearch.plugins.shapes.world.Split;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Prompt specs: their JSON form, their side of the split, and the scenes that realise them. */
class PromptSpecTest {

  @Test
  void specsRoundTripThroughTheirJson() {
    PromptSpec spec = new PromptSpec(Task.POSITION, List.of(
        new ObjectSpec(Shape.STAR, Colour.PURPLE, Size.SMALL, 1), ObjectSpec.of(Colour.GREEN, Shape.RING)), Relation.ABOVE);
    String json = spec.toJson().toString();
    assertThat(json).isEqualTo("{\"objects\":[{\"shape\":\"star\",\"colour\":\"purple\",\"size\":\"small\",\"count\":1},"
        + "{\"shape\":\"ring\",\"colour\":\"green\",\"count\":1}],\"relation\":\"above\"}");
    assertThat(PromptSpec.fromJson(Task.POSITION, json)).isEqualTo(spec);
    assertThatThrownBy(() -> PromptSpec.fromJson(Task.COLORS, "{\"objects\":[{\"shape\":\"hexagon\"}]}"))
        .hasMessage("unknown shape 'hexagon'");
  }

  @Test
  void samplersKeepToTheirSideOfTheSplit() {
    SplittableRandom random = new SplittableRandom(17);
    for (Task task : List.of(Task.COUNTING, Task.COLORS, Task.POSITION, Task.COLOR_ATTR)) {
      for (int i = 0; i < 300; i++) {
        assertThat(new SpecSampler(Split.TRAINING).sample(task, random).heldOut()).isFalse();
        assertThat(new SpecSampler(Split.HELD_OUT).sample(task, random).heldOut()).isTrue();
      }
    }
    assertThat(new PromptSpec(Task.POSITION, List.of(ObjectSpec.of(Shape.SQUARE), ObjectSpec.of(Shape.CIRCLE)),
        Relation.RIGHT_OF).heldOut()).as("the converse of a held-out triple").isTrue();
    HeldOut.PAIRS.forEach(p -> assertThat(
        new PromptSpec(Task.COLORS, List.of(ObjectSpec.of(p.colour(), p.shape())), null).heldOut()).isTrue());
  }

  @Test
  void realisedScenesShowTheSpecInTheirSplit() {
    SplittableRandom random = new SplittableRandom(19);
    for (Split split : Split.values()) {
      SpecSampler specs = new SpecSampler(split);
      Realiser realiser = new Realiser(split);
      for (int i = 0; i < 600; i++) {
        Task task = Task.values()[i % Task.values().length];
        PromptSpec spec = specs.sample(task, random);
        Scene scene = realiser.realise(spec, random);
        assertThat(split.accepts(scene)).isTrue();
        for (ObjectSpec o : spec.objects()) {
          assertThat(scene.objects().stream().filter(s -> o.matches(s.shape(), s.colour(), s.size())).count())
              .as("%s in %s", o, scene).isEqualTo(o.count());
        }
        if (spec.relation() != null) {
          assertThat(scene.relations()).hasSize(1);
          var r = scene.relations().get(0);
          assertThat(r.relation()).isEqualTo(spec.relation());
          assertThat(scene.objects().get(r.subject()).shape()).isEqualTo(spec.objects().get(0).shape());
          assertThat(scene.objects().get(r.object()).shape()).isEqualTo(spec.objects().get(1).shape());
        }
      }
    }
  }
}
