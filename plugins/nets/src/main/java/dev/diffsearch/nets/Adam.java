package dev.diffsearch.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Adam (Kingma and Ba) whose moment estimates can be read and restored, so that a checkpoint resumes
 * training exactly where it stopped. The learning rate follows a schedule of the global step (set by
 * {@link #beginStep} before each {@code trainer.step()}). Optional global-norm gradient clipping is done
 * by the training loop; this class zeroes each parameter's gradient after applying it (the PyTorch
 * engine accumulates gradients otherwise).
 */
public final class Adam extends Optimizer {

  private final NDManager stateManager;
  private final IntToDoubleFunction schedule;
  private final float beta1 = 0.9f;
  private final float beta2 = 0.999f;
  private final float eps = 1e-8f;
  private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
  private final float clip;
  private int step;
  private float lr;

  public Adam(NDManager stateManager, IntToDoubleFunction schedule) {
    this(stateManager, schedule, 0);
  }

  /** @param clip each gradient value is clipped to [−clip, clip] before the update; 0: no clipping */
  public Adam(NDManager stateManager, IntToDoubleFunction schedule, double clip) {
    super(new Builder());
    this.stateManager = stateManager;
    this.schedule = schedule;
    this.clip = (float) clip;
  }

  /** Call once per optimisation step, before {@code trainer.step()}; {@code step} counts from 1. */
  public void beginStep(int step) {
    this.step = step;
    this.lr = (float) schedule.applyAsDouble(step);
  }

  public float learningRate() {
    return lr;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    NDArray[] mv = moments.computeIfAbsent(parameterId, k -> {
      NDArray m = stateManager.zeros(weight.getShape(), weight.getDataType());
      NDArray v = stateManager.zeros(weight.getShape(), weight.getDataType());
      return new NDArray[] {m, v};
    });
    NDArray m = mv[0];
    NDArray v = mv[1];
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    try (NDManager tmp = stateManager.newSubManager()) {
      NDArray g = grad.duplicate();
      g.attach(tmp);
      if (clip > 0) {
        g = g.clip(-clip, clip);
      }
      NDArray g2 = g.square();
      m.muli(beta1).addi(g.muli(1 - beta1));
      v.muli(beta2).addi(g2.muli(1 - beta2));
      NDArray denom = v.sqrt();
      denom.attach(tmp);
      denom.divi((float) Math.sqrt(bc2)).addi(eps);
      NDArray upd = m.div(denom);
      upd.attach(tmp);
      upd.muli((float) (lr / bc1));
      weight.subi(upd);
    }
    NDArray own = weight.getGradient();
    own.muli(0);
    own.close();
  }

  /** The moment estimates by parameter id (m then v), for a checkpoint. */
  public Map<String, NDArray[]> moments() {
    return moments;
  }

  /** Restores the moments of one parameter. */
  public void restore(String parameterId, float[] m, float[] v, ai.djl.ndarray.types.Shape shape) {
    NDArray[] mv = {stateManager.create(m, shape), stateManager.create(v, shape)};
    NDArray[] old = moments.put(parameterId, mv);
    if (old != null) {
      old[0].close();
      old[1].close();
    }
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
