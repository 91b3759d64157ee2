package dev.diffsearch.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A check for training code: that a backward pass does not read memory the JVM may free after the forward pass.
 * DJL tensors made from Java arrays or numbers live in Java direct buffers; one that autograd keeps for the
 * backward pass but whose Java side is closed (DJL's {@code mul(Number)} closes its scalar at once, see
 * {@link NetBlock#times}) is freed at the next collection, and the gradients read whatever is there afterwards.
 * {@link #gradients} runs a loss's forward pass, then something in between (here {@link #collectAndOverwrite}),
 * then the backward pass: gradients equal to those of a plain pass say nothing freed was read.
 */
public final class GradientCheck {

  private GradientCheck() {}

  /**
   * Collects garbage until the JVM has processed what it found (its cleaners free dead direct buffers then), three
   * times, and then allocates direct buffers holding NaN, which reuse the freed native memory.
   */
  public static void collectAndOverwrite() {
    for (int round = 0; round < 3; round++) {
      ReferenceQueue<Object> queue = new ReferenceQueue<>();
      PhantomReference<Object> probe = new PhantomReference<>(new Object(), queue);
      System.gc();
      try {
        queue.remove(5_000); // enqueued by the thread that runs the direct buffers' cleaners, in the same pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Reference.reachabilityFence(probe);
    }
    List<ByteBuffer> overwrite = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      overwrite.add(ByteBuffer.allocateDirect(4 + 4 * (i % 4)).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
    }
    Reference.reachabilityFence(overwrite);
  }

  /**
   * What differs between the gradients of {@code loss} in a plain pass and with {@link #collectAndOverwrite} between
   * its forward and backward passes: up to five lines ({@code parameter[i]: plain vs collected}), a line per
   * non-finite plain gradient, or a line saying no parameter got a gradient. Empty when all agree (to 1e-5 plus
   * 1e-4 relative: the two passes may sum in another order). {@code loss} must make the same forward pass each time
   * (seed any random op inside it).
   */
  public static List<String> differences(Trainer trainer, Block block, Supplier<NDArray> loss) {
    Map<String, float[]> plain = gradients(trainer, block, loss, () -> { });
    Map<String, float[]> collected = gradients(trainer, block, loss, GradientCheck::collectAndOverwrite);
    List<String> out = new ArrayList<>();
    boolean any = false;
    for (var e : plain.entrySet()) {
      float[] a = e.getValue();
      float[] b = collected.get(e.getKey());
      for (int i = 0; i < a.length && out.size() < 5; i++) {
        any |= a[i] != 0;
        if (!Float.isFinite(a[i]) || !(Math.abs(a[i] - b[i]) <= 1e-5f + 1e-4f * Math.abs(a[i]))) {
          out.add(e.getKey() + "[" + i + "]: " + a[i] + " vs " + b[i] + " after a collection");
        }
      }
    }
    if (!any && out.isEmpty()) {
      out.add("no parameter has a gradient");
    }
    return out;
  }

  /**
   * The gradient of {@code loss} (a scalar made by a forward pass in training mode) for each of {@code block}'s
   * parameters, with {@code between} run after the forward pass and before the backward one. The parameters'
   * gradients are zeroed afterwards (the PyTorch engine accumulates them).
   */
  public static Map<String, float[]> gradients(Trainer trainer, Block block, Supplier<NDArray> loss, Runnable between) {
    try (GradientCollector collector = trainer.newGradientCollector()) {
      NDArray value = loss.get();
      between.run();
      collector.backward(value);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (var p : block.getParameters()) {
      NDArray gradient = p.getValue().getArray().getGradient();
      out.put(p.getKey(), gradient.toFloatArray());
      gradient.muli(0);
      gradient.close();
    }
    return out;
  }
}
