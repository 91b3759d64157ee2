package dev.diffsearch.core.run;

/**
 * A snapshot of a run's progress, for a progress bar.
 *
 * @param candidates candidates scored in this attempt
 * @param nfe NFE (search and final) spent in this attempt
 * @param plannedNfe the most NFE this attempt can spend (budget × outputs left, plus finals)
 * @param outputsDone finished outputs, earlier attempts included
 * @param outputsTotal outputs of the run
 * @param elapsedSeconds wall time of this attempt
 */
public record Progress(
    long candidates, long nfe, long plannedNfe, int outputsDone, int outputsTotal, double elapsedSeconds) {

  /** NFE per second so far. */
  public double nfePerSecond() {
    return elapsedSeconds > 0 ? nfe / elapsedSeconds : 0;
  }

  /** Estimated seconds left (an upper bound when searches stop short of the budget). */
  public double etaSeconds() {
    double rate = nfePerSecond();
    return rate > 0 ? Math.max(0, plannedNfe - nfe) / rate : Double.NaN;
  }

  /** Receives progress snapshots. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = p -> {};

    void onProgress(Progress progress);
  }
}
