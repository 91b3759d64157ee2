package dev.diffsearch.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.core.denoise.NfeMeter;
import dev.diffsearch.core.noise.NoiseSource;
import dev.diffsearch.api.spi.Candidate;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.Particle;
import dev.diffsearch.api.spi.Recipe;
import dev.diffsearch.api.spi.Sampler;
import dev.diffsearch.api.spi.SearchAlgorithm;
import dev.diffsearch.api.spi.SearchBudget;
import dev.diffsearch.api.spi.SearchContext;
import dev.diffsearch.api.spi.SearchOutcome;
import dev.diffsearch.api.spi.SearchPlan;
import dev.diffsearch.api.spi.Verifier;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What a search algorithm programs against names no engine type, and the engine's context gives it
 * nothing beyond that: no way to the NFE meter (to reset it or lift its limit), the model or the noise
 * source behind the interface.
 */
class SearchSpiTest {

  static final List<Class<?>> SEARCH_SPI = List.of(SearchAlgorithm.class, SearchContext.class, SearchPlan.class,
      SearchBudget.class, Particle.class, Candidate.class, Recipe.class, SearchOutcome.class);

  @Test
  void theSearchSpiNamesOnlySpiJavaAndDjlTypes() {
    Set<String> foreign = new TreeSet<>();
    for (Class<?> c : SEARCH_SPI) {
      for (Method m : c.getMethods()) {
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        types.add(m.getGenericReturnType());
        types.addAll(List.of(m.getGenericExceptionTypes()));
        for (Type t : types) {
          for (Class<?> named : classesIn(t)) {
            String pkg = named.getPackageName();
            if (!(pkg.startsWith("java.") || pkg.startsWith("ai.djl.") || pkg.equals("dev.diffsearch.api.spi"))) {
              foreign.add(c.getSimpleName() + "." + m.getName() + " names " + named.getName());
            }
          }
        }
      }
    }
    assertThat(foreign).isEmpty();
  }

  @Test
  void theEnginesContextOffersNothingThatReachesTheMeterOrTheModel() {
    Set<Class<?>> engine = Set.of(NfeMeter.class, Denoiser.class, Sampler.class, Verifier.class, NoiseSource.class,
        NDManager.class);
    Set<String> exposed = new TreeSet<>();
    for (Method m : OutputSearch.class.getMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && engine.stream().anyMatch(e -> e.isAssignableFrom(m.getReturnType()))) {
        exposed.add(m.getName());
      }
    }
    assertThat(exposed).isEmpty();
  }

  /** The classes a type names: itself, its type arguments, array components. */
  private static List<Class<?>> classesIn(Type t) {
    List<Class<?>> out = new ArrayList<>();
    if (t instanceof Class<?> c) {
      Class<?> base = c;
      while (base.isArray()) {
        base = base.getComponentType();
      }
      if (!base.isPrimitive()) {
        out.add(base);
      }
    } else if (t instanceof ParameterizedType p) {
      out.addAll(classesIn(p.getRawType()));
      for (Type a : p.getActualTypeArguments()) {
        out.addAll(classesIn(a));
      }
    } else if (t instanceof GenericArrayType g) {
      out.addAll(classesIn(g.getGenericComponentType()));
    }
    return out;
  }
}
