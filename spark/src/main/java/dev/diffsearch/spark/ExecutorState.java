package dev.diffsearch.spark;

import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.run.Workbench;
import dev.diffsearch.core.sweep.Condition;
import dev.diffsearch.core.sweep.Sweep;

/**
 * What an executor JVM keeps across its tasks: the engine, started once, and one {@link Workbench} (plugins and
 * models), so that a model opens once per executor, not once per task as a per-task load would.
 */
final class ExecutorState {

  private static Workbench workbench;

  /** Says nothing: the driver reports progress. */
  static final Sweep.Listener QUIET = new Sweep.Listener() {
    @Override
    public void started(Condition condition, boolean resumed) {}

    @Override
    public void finished(Condition condition, double wallSeconds, int done, int total) {}

    @Override
    public void failed(Condition condition, Exception error) {}

    @Override
    public void note(String line) {}
  };

  private ExecutorState() {}

  /** This JVM's workbench; the first call starts the engine (with {@code threads} intra-op threads, when > 0). */
  static synchronized Workbench workbench(int threads) {
    if (workbench == null) {
      EngineSetup.start();
      if (threads > 0) {
        EngineSetup.setIntraOpThreads(threads);
      }
      workbench = new Workbench();
    }
    return workbench;
  }

  /**
   * Where this executor runs its units of the shared directory {@code uri} before copying them up: a directory of
   * the JVM's temporary directory, one per executor and shared directory.
   */
  static java.nio.file.Path scratch(String uri) {
    return scratch(id(), uri);
  }

  /** {@link #scratch(String)} of executor {@code executor}. */
  static java.nio.file.Path scratch(String executor, String uri) {
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "diffsearch-scratch",
        executor.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + Integer.toHexString(uri.hashCode()));
  }

  /** One unit of a task (a condition, a part): runs it, or keeps it; says "ran" or "kept". */
  interface Unit {
    String run() throws java.io.IOException;
  }

  /**
   * Runs {@code unit} and reports it as the driver reads it: {@code ID<TAB>ran|kept|failed: MESSAGE<TAB>EXECUTOR<TAB>
   * MODEL_LOADS}; a failure is reported, not thrown, so the task's other units still run.
   */
  static String report(Object id, Unit unit, Workbench workbench) {
    String status;
    try {
      status = unit.run();
    } catch (java.io.IOException | RuntimeException e) {
      status = "failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\t', ' ').replace('\n', ' ');
    }
    return id + "\t" + status + "\t" + id() + "\t" + workbench.modelLoads();
  }

  /** The executor's id ("driver" in local mode), or the JVM's process id outside Spark. */
  static String id() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    return env == null ? "pid-" + ProcessHandle.current().pid() : env.executorId();
  }
}
