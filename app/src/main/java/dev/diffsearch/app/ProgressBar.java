package dev.diffsearch.app;

import dev.diffsearch.core.run.Progress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress on stderr. On a terminal: a one-line bar (outputs, candidates, NFE/s, ETA) redrawn at most 5
 * times a second. Elsewhere (a file, a pipe, CI logs): one line per finished output, never a redraw.
 */
final class ProgressBar implements Progress.Listener {

  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = 200_000_000L;
  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private long lastDraw = Long.MIN_VALUE;
  private int outputsReported = -1;
  private Progress last;

  ProgressBar(PrintWriter err, boolean terminal) {
    this(err, terminal, System::nanoTime);
  }

  ProgressBar(PrintWriter err, boolean terminal, LongSupplier nanoClock) {
    this.err = err;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onProgress(Progress p) {
    last = p;
    if (!terminal) {
      if (outputsReported < 0) {
        outputsReported = p.outputsDone();
      }
      if (p.outputsDone() > outputsReported) {
        outputsReported = p.outputsDone();
        err.println(line(p));
        err.flush();
      }
      return;
    }
    long now = nanoClock.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS && p.outputsDone() < p.outputsTotal()) {
      return;
    }
    lastDraw = now;
    draw(p);
  }

  private void draw(Progress p) {
    double frac = p.plannedNfe() > 0 ? Math.min(1.0, (double) p.nfe() / p.plannedNfe()) : 0;
    if (p.outputsDone() == p.outputsTotal()) {
      frac = 1.0;
    }
    int filled = (int) Math.round(frac * WIDTH);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    err.printf("\r[%s] %s   ", bar, status(p));
    err.flush();
  }

  private static String status(Progress p) {
    double eta = p.etaSeconds();
    return String.format("outputs %d/%d  candidates %d  %.0f NFE/s  ETA %s",
        p.outputsDone(), p.outputsTotal(), p.candidates(), p.nfePerSecond(),
        Double.isNaN(eta) ? "?" : formatSeconds(eta));
  }

  /** The line written per finished output when stderr is not a terminal. */
  static String line(Progress p) {
    return "progress: " + status(p);
  }

  /** Ends the bar's line (on a terminal). */
  void finish() {
    if (terminal && last != null) {
      draw(last);
      err.println();
      err.flush();
    }
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
        : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
  }
}
