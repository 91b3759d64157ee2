package dev.diffsearch.api.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ForwardingDenoiser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classifier-free guidance: {@code D = D_u + w·(D_c − D_u)}. The conditional and unconditional rows go
 * through the model as one batch of 2B rows, the unconditional ones on the model's
 * {@link Denoiser#nullCondition()}, which {@link #encode} encodes with the output's conditions. With
 * {@code w = 1} use the model directly (see {@link #wrap}).
 */
public final class GuidedDenoiser extends ForwardingDenoiser {

  /** The largest guidance weight a pipeline's {@code model.guidance} (or a plugin's option) takes. */
  public static final double MAX_GUIDANCE = 100;

  private final double weight;

  private GuidedDenoiser(Denoiser model, double weight) {
    super(model);
    this.weight = weight;
  }

  /** The model itself when {@code weight == 1} (the conditional model alone), else a guided wrapper. */
  public static Denoiser wrap(Denoiser model, double weight) {
    return weight == 1.0 ? model : new GuidedDenoiser(model, weight);
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
    int b = classes.length;
    int[] both = Arrays.copyOf(classes, 2 * b);
    Arrays.fill(both, b, 2 * b, UNCONDITIONAL);
    return guide(delegate().denoise(NDArrays.concat(new NDList(x, x)), sigma.concat(sigma), both), b);
  }

  @Override
  public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
    int b = conditioning.size();
    List<Condition> all = withNull(conditioning.conditions());
    int[] rows = Arrays.copyOf(conditioning.rows(), 2 * b);
    Arrays.fill(rows, b, 2 * b, all.size() - 1);
    Conditioning both = new Conditioning(all, conditioning.encoding(), rows);
    return guide(delegate().denoise(NDArrays.concat(new NDList(x, x)), sigma.concat(sigma), both), b);
  }

  /** The model's encoding of {@code conditions} followed by its null condition, which guidance adds. */
  @Override
  public Object encode(List<Condition> conditions) {
    return delegate().encode(withNull(conditions));
  }

  private List<Condition> withNull(List<Condition> conditions) {
    List<Condition> all = new ArrayList<>(conditions);
    all.add(delegate().nullCondition());
    return all;
  }

  /** D_u + w·(D_c − D_u) from the 2B rows: conditional first; rows that are themselves unconditional come out unchanged. */
  private NDArray guide(NDArray out, int b) {
    NDArray cond = out.get("0:" + b);
    NDArray uncond = out.get(b + ":");
    return uncond.add(cond.sub(uncond).mul(weight));
  }

  @Override
  public int passesPerEvaluation() {
    return 2 * delegate().passesPerEvaluation();
  }
}
