package dev.diffsearch.app;

import dev.diffsearch.core.run.Progress;
import java.io.PrintWriter;

/** A one-line progress bar on stderr: outputs, candidates, NFE/s, ETA; redrawn at most 5 times a second. */
final class ProgressBar implements Progress.Listener {

  private static final int WIDTH = 24;
  private final PrintWriter err;
  private long lastDraw;
  private Progress last;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void onProgress(Progress p) {
    last = p;
    long now = System.nanoTime();
    if (now - lastDraw < 200_000_000L && p.outputsDone() < p.outputsTotal()) {
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
    double eta = p.etaSeconds();
    err.printf("\r[%s] outputs %d/%d  candidates %d  %.0f NFE/s  ETA %s   ",
        bar, p.outputsDone(), p.outputsTotal(), p.candidates(), p.nfePerSecond(),
        Double.isNaN(eta) ? "?" : formatSeconds(eta));
    err.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (last != null) {
      draw(last);
      err.println();
    }
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
        : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
  }
}
