package dev.diffsearch.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.diffsearch.api.denoise.GuidedDenoiser;
import dev.diffsearch.core.denoise.NfeMeter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forwarding bases pass every call through, the interfaces' default methods included: a decorator
 * built on them reports its model's classes and passes, and its verifier's taps, class need and oracle
 * mark, never the interfaces' defaults.
 */
class ForwardingTest {

  static NDManager manager;

  /** A value of each type the interfaces take or return; none of them an interface default. */
  static final Map<Class<?>, Object> VALUES = new HashMap<>();

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
    NDArray samples = manager.ones(new Shape(1, 3, 4, 4));
    VALUES.put(int.class, 7);
    VALUES.put(long.class, 27_800_000L);
    VALUES.put(boolean.class, true);
    VALUES.put(double[].class, new double[] {0.25, 4.0});
    VALUES.put(float[].class, new float[] {1.5f});
    VALUES.put(int[].class, new int[] {2});
    VALUES.put(Shape.class, new Shape(3, 4, 4));
    VALUES.put(NDArray.class, samples);
    VALUES.put(VerifierInput.class, new VerifierInput(List.of("c00000"), samples, new int[] {2}, Map.of()));
    VALUES.put(Conditioning.class, Conditioning.ofClasses(new int[] {2}));
    VALUES.put(Condition.class, Condition.ofClass(3));
    VALUES.put(List.class, List.of(Condition.ofClass(2)));
    VALUES.put(Object.class, "an encoding");
    VALUES.put(Verifier.Needs.class, Verifier.Needs.PROMPT);
    VALUES.put(Verifier.Scope.class, Verifier.Scope.RUN);
    VALUES.put(VerifierScores.class, new VerifierScores(new float[] {1.5f}, Map.of("part", new float[] {2f})));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void aForwardingDenoiserPassesEveryCallThroughAndItsAnswerBack() throws Exception {
    assertForwardsEveryMethod(Denoiser.class, model -> new ForwardingDenoiser(model) {});
  }

  @Test
  void aForwardingVerifierPassesEveryCallThroughAndItsAnswerBack() throws Exception {
    assertForwardsEveryMethod(Verifier.class, verifier -> new ForwardingVerifier(verifier) {});
  }

  @Test
  void theEnginesDenoiserDecoratorsReportTheModelsClassesShapeAndPasses() {
    Denoiser model = stub(Denoiser.class, new ArrayList<>()); // 7 classes, 7 passes
    Denoiser meter = new NfeMeter(model);
    assertThat(List.of(meter.numClasses(), meter.passesPerEvaluation())).containsExactly(7, 7);
    assertThat(meter.sampleShape()).isEqualTo(new Shape(3, 4, 4));
    Denoiser guided = GuidedDenoiser.wrap(model, 2.0);
    assertThat(List.of(guided.numClasses(), guided.passesPerEvaluation())).containsExactly(7, 14);
    assertThat(guided.sampleShape()).isEqualTo(new Shape(3, 4, 4));
  }

  /**
   * Calls every method of {@code type} on {@code wrap} of a stub, and checks that each call reached the
   * stub once, as that method and with the same arguments, and that the stub's answer came back.
   */
  private static <T> void assertForwardsEveryMethod(Class<T> type, UnaryOperator<T> wrap) throws Exception {
    List<Object> calls = new ArrayList<>();
    T forwarding = wrap.apply(stub(type, calls));
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Object[] args = Arrays.stream(method.getParameterTypes()).map(ForwardingTest::value).toArray();
      calls.clear();
      Object answer = method.invoke(forwarding, args);
      assertThat(calls).as("what %s.%s reached", type.getSimpleName(), method.getName())
          .containsExactly(method.getName(), List.of(args));
      if (method.getReturnType().isPrimitive()) {
        assertThat(answer).as("what %s.%s answered", type.getSimpleName(), method.getName())
            .isEqualTo(value(method.getReturnType()));
      } else {
        assertThat(answer).as("what %s.%s answered", type.getSimpleName(), method.getName())
            .isSameAs(value(method.getReturnType()));
      }
    }
  }

  /** An implementation of {@code type} that records each call (name, then arguments) and answers {@link #VALUES}. */
  private static <T> T stub(Class<T> type, List<Object> calls) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      calls.add(method.getName());
      calls.add(args == null ? List.of() : List.of(args));
      return value(method.getReturnType());
    }));
  }

  private static Object value(Class<?> type) {
    assertThat(VALUES).as("a test value of %s (a new interface method? give it one)", type).containsKey(type);
    return VALUES.get(type);
  }
}
