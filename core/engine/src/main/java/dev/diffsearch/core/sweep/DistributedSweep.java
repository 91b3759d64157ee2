package dev.diffsearch.core.sweep;

import dev.diffsearch.core.plugin.PluginDirs;
import java.io.IOException;
import java.util.function.Function;

/**
 * A sweep run on a cluster engine instead of this JVM's threads: {@code diffsearch sweep FILE --spark MASTER}
 * finds the implementation (the {@code diffsearch-spark} module) with {@link java.util.ServiceLoader} when its
 * jars are on the class path. It prepares the sweep as {@link Sweep#prepare} does, runs each condition left with
 * {@link Sweep#runCondition} on the cluster's executors, and leaves the sweep directory as {@link Sweep#run} does.
 */
public interface DistributedSweep {

  /** The engine's name, as the command line's option names it ({@code spark}). */
  String name();

  /**
   * Runs {@code spec}'s conditions on the cluster at {@code master} (e.g. {@code local[2]},
   * {@code spark://host:7077}); {@code plugins} and the sweep file must be readable at the same paths on every
   * executor, and the sweep directory writable there (a shared file system).
   */
  Sweep.Outcome run(SweepSpec spec, PluginDirs plugins, Function<String, String> env, String master,
      Sweep.Listener listener) throws IOException;
}
