package dev.diffsearch.core.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ForwardingDenoiser;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outputs searched together, each on its own thread (its slot), whose denoiser calls are put into shared
 * batches. Every call a slot makes waits for a <em>round</em>: the round runs when every slot still in the
 * cohort has a call waiting (or has left), so which rows share a batch follows from the searches alone,
 * never from thread timing, and a run is deterministic for its {@code outputs-in-flight}. A round puts the
 * waiting denoiser calls' rows, in slot order, through the model in batches of at most {@code max-batch}
 * rows; it does the same with verifier calls when the verifier scores each row alone
 * ({@link Verifier.Scope#ROW}), and otherwise scores each slot's call by itself. Only the thread that
 * completes a round runs it, one round at a time, so the model and the verifier see one caller at a time
 * from a cohort.
 *
 * <p>A slot's NFE meter sits above its {@link #denoiser(int)} view, so each output's budget is still
 * metered and capped exactly. The rows of several outputs are conditioned on the cohort's encoding of all
 * their conditions, made once.
 */
public final class Cohort {

  private final Denoiser model;
  private final Verifier verifier;
  private final int maxBatch;
  private final NDManager manager;
  private final List<Condition> conditions;
  private final Map<Condition, Integer> place = new HashMap<>();
  private final Object encoding;

  private final Object lock = new Object();
  private final boolean[] present;
  private int presentCount;
  private final Call<?>[] waiting;
  private int waitingCount;
  private long rounds;
  private long modelCalls;
  private long modelRows;

  /**
   * @param model the pipeline's denoiser (guided where guidance is on), unmetered
   * @param verifier the pipeline's verifier
   * @param slotConditions the condition of each slot's output, slot by slot
   * @param manager where a round's batches live while it runs
   */
  public Cohort(Denoiser model, Verifier verifier, int maxBatch, List<Condition> slotConditions, NDManager manager) {
    this.model = model;
    this.verifier = verifier;
    this.maxBatch = maxBatch;
    this.manager = manager;
    List<Condition> distinct = new ArrayList<>();
    for (Condition c : slotConditions) {
      if (!place.containsKey(c)) {
        place.put(c, distinct.size());
        distinct.add(c);
      }
    }
    this.conditions = List.copyOf(distinct);
    this.encoding = model.encode(conditions);
    this.present = new boolean[slotConditions.size()];
    java.util.Arrays.fill(present, true);
    this.presentCount = present.length;
    this.waiting = new Call<?>[present.length];
  }

  /** Slots in the cohort when it was made. */
  public int slots() {
    return present.length;
  }

  /** Rounds run so far. */
  public long rounds() {
    synchronized (lock) {
      return rounds;
    }
  }

  /** Model calls made so far and the rows they held: rows / calls is the mean batch. */
  public long[] modelCallsAndRows() {
    synchronized (lock) {
      return new long[] {modelCalls, modelRows};
    }
  }

  /** What slot {@code slot}'s search calls as its model: each call waits for its round. */
  public Denoiser denoiser(int slot) {
    return new ForwardingDenoiser(model) {
      @Override
      public NDArray denoise(NDArray x, NDArray sigma, int[] classes) {
        return denoise(x, sigma, Conditioning.ofClasses(classes));
      }

      @Override
      public NDArray denoise(NDArray x, NDArray sigma, Conditioning conditioning) {
        return submit(slot, new Denoise(x, sigma, rowsInCohort(conditioning)));
      }
    };
  }

  /** What slot {@code slot}'s search calls as its verifier: each call waits for its round. */
  public Verifier verifier(int slot) {
    return new ScoringDecorator(verifier) {

      @Override
      public VerifierScores scoreAll(VerifierInput input) {
        return submit(slot, new Score(input));
      }
    };
  }

  /**
   * Slot {@code slot} makes no more calls (its search ended, or failed): rounds no longer wait for it. Its
   * thread runs the round it completes, if any. Leaving twice is allowed.
   */
  public void leave(int slot) {
    synchronized (lock) {
      if (!present[slot]) {
        return;
      }
      present[slot] = false;
      presentCount--;
      if (presentCount > 0 && waitingCount == presentCount) {
        runRound();
      }
    }
  }

  private <T> T submit(int slot, Call<T> call) {
    synchronized (lock) {
      if (!present[slot]) {
        throw new IllegalStateException("slot " + slot + " has left the cohort");
      }
      if (waiting[slot] != null) {
        throw new IllegalStateException("slot " + slot + " already has a call waiting (one thread per slot)");
      }
      waiting[slot] = call;
      waitingCount++;
      if (waitingCount == presentCount) {
        runRound();
      }
      boolean interrupted = false;
      while (!call.done) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true; // the round is already owed an answer for this call: wait for it
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return call.outcome();
  }

  /** Runs the waiting calls (the lock is held): denoiser calls merged, verifier calls merged or one by one. */
  private void runRound() {
    List<Denoise> denoise = new ArrayList<>();
    List<Score> score = new ArrayList<>();
    for (int s = 0; s < waiting.length; s++) {
      Call<?> c = waiting[s];
      if (c instanceof Denoise d) {
        denoise.add(d);
      } else if (c instanceof Score v) {
        score.add(v);
      }
      waiting[s] = null;
    }
    waitingCount = 0;
    rounds++;
    try {
      runDenoise(denoise);
      runScore(score);
    } finally {
      lock.notifyAll();
    }
  }

  /**
   * Each row's place among the cohort's conditions: the rows of a merged call are conditioned on the cohort's one
   * encoding of them all (the call's own encoding is not needed). A slot's output is conditioned on its own
   * condition, which the cohort holds; any other is refused here, on the caller's thread.
   */
  private int[] rowsInCohort(Conditioning conditioning) {
    int[] rows = new int[conditioning.size()];
    for (int i = 0; i < rows.length; i++) {
      Integer p = place.get(conditioning.row(i));
      if (p == null) {
        throw new IllegalArgumentException("a row conditioned on " + conditioning.row(i)
            + ", which is no output's of this cohort");
      }
      rows[i] = p;
    }
    return rows;
  }

  private void runDenoise(List<Denoise> merged) {
    if (merged.isEmpty()) {
      return;
    }
    try (NDManager scope = manager.newSubManager()) {
      run(merged, () -> {
        NDArray x = concat(merged.stream().map(d -> d.x).toList(), scope);
        NDArray sigma = concat(merged.stream().map(d -> d.sigma).toList(), scope);
        int[] rows = new int[(int) x.getShape().get(0)];
        int at = 0;
        for (Denoise d : merged) {
          System.arraycopy(d.rows, 0, rows, at, d.rows.length);
          at += d.rows.length;
        }
        List<NDArray> outs = new ArrayList<>();
        for (int start = 0; start < rows.length; start += maxBatch) {
          int end = Math.min(rows.length, start + maxBatch);
          boolean whole = start == 0 && end == rows.length;
          NDArray xs = whole ? x : x.get(start + ":" + end);
          NDArray ss = whole ? sigma : sigma.get(start + ":" + end);
          outs.add(model.denoise(xs, ss, new Conditioning(conditions, encoding, java.util.Arrays.copyOfRange(rows, start, end))));
          modelCalls++;
          modelRows += end - start;
        }
        NDArray all = outs.size() == 1 ? outs.get(0) : NDArrays.concat(new NDList(outs));
        List<NDArray> pieces = new ArrayList<>();
        at = 0;
        for (Denoise d : merged) {
          NDArray piece = all.get(at + ":" + (at + d.rows.length)).duplicate();
          piece.attach(d.x.getManager()); // the caller's, as a denoiser's result is
          pieces.add(piece);
          at += d.rows.length;
        }
        return pieces;
      });
    }
  }

  private void runScore(List<Score> calls) {
    if (verifier.scope() != Verifier.Scope.ROW) {
      for (Score s : calls) {
        run(List.of(s), () -> List.of(verifier.scoreAll(s.input)));
      }
      return;
    }
    List<Score> batch = new ArrayList<>();
    int rows = 0;
    for (Score s : calls) { // whole calls, in slot order, up to max-batch rows a call
      if (!batch.isEmpty() && rows + s.input.size() > maxBatch) {
        scoreTogether(batch);
        batch = new ArrayList<>();
        rows = 0;
      }
      batch.add(s);
      rows += s.input.size();
    }
    if (!batch.isEmpty()) {
      scoreTogether(batch);
    }
  }

  private void scoreTogether(List<Score> calls) {
    if (calls.size() == 1) {
      Score s = calls.get(0);
      run(calls, () -> List.of(verifier.scoreAll(s.input)));
      return;
    }
    try (NDManager scope = manager.newSubManager()) {
      run(calls, () -> {
        List<String> ids = new ArrayList<>();
        List<Condition> conds = new ArrayList<>();
        for (Score s : calls) {
          ids.addAll(s.input.ids());
          conds.addAll(s.input.conditions());
        }
        NDArray samples = concat(calls.stream().map(s -> s.input.samples()).toList(), scope);
        Map<Double, NDArray> taps = new LinkedHashMap<>();
        for (Double sigma : calls.get(0).input.taps().keySet()) {
          taps.put(sigma, concat(calls.stream().map(s -> s.input.taps().get(sigma)).toList(), scope));
        }
        VerifierScores all = verifier.scoreAll(new VerifierInput(ids, samples, taps, conds));
        List<VerifierScores> each = new ArrayList<>();
        int at = 0;
        for (Score s : calls) {
          int n = s.input.size();
          Map<String, float[]> parts = new LinkedHashMap<>();
          final int from = at;
          all.parts().forEach((name, v) -> parts.put(name, java.util.Arrays.copyOfRange(v, from, from + n)));
          each.add(new VerifierScores(java.util.Arrays.copyOfRange(all.total(), at, at + n), parts));
          at += n;
        }
        return each;
      });
    }
  }

  /** The arrays one after the other along rows, in {@code scope}. */
  private static NDArray concat(List<NDArray> arrays, NDManager scope) {
    NDArray out = arrays.size() == 1 ? arrays.get(0).duplicate() : NDArrays.concat(new NDList(arrays));
    out.attach(scope);
    return out;
  }

  /** Runs {@code work} for {@code calls}, answering each with its result, or all with its failure. */
  private static <T> void run(List<? extends Call<T>> calls, java.util.function.Supplier<List<T>> work) {
    try {
      List<T> results = work.get();
      for (int i = 0; i < calls.size(); i++) {
        calls.get(i).answer(results.get(i), null);
      }
    } catch (RuntimeException | Error e) {
      for (Call<T> c : calls) {
        c.answer(null, e);
      }
    }
  }

  /** A call waiting for its round. */
  private abstract static class Call<T> {
    boolean done;
    private T result;
    private Throwable failure;

    void answer(T result, Throwable failure) {
      this.result = result;
      this.failure = failure;
      this.done = true;
    }

    T outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      return result;
    }
  }

  /** A denoiser call: its states, noise levels, and each row's place among the cohort's conditions. */
  private static final class Denoise extends Call<NDArray> {
    final NDArray x;
    final NDArray sigma;
    final int[] rows;

    Denoise(NDArray x, NDArray sigma, int[] rows) {
      this.x = x;
      this.sigma = sigma;
      this.rows = rows;
    }
  }

  private static final class Score extends Call<VerifierScores> {
    final VerifierInput input;

    Score(VerifierInput input) {
      this.input = input;
    }
  }
}
