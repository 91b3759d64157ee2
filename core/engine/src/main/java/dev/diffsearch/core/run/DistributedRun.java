package dev.diffsearch.core.run;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One run split by output across a cluster engine's executors ({@code diffsearch run CONFIG --spark MASTER}),
 * found with {@link java.util.ServiceLoader} when the {@code diffsearch-spark} module is on the class path. It
 * prepares the run ({@link RunParts#prepare}), runs each part on an executor ({@link RunParts#runPart}) and merges
 * them ({@link RunParts#merge}); the same command again continues an interrupted one.
 */
public interface DistributedRun {

  /** The engine's name, as the command line's option names it ({@code spark}). */
  String name();

  /**
   * Runs {@code request}'s run on the cluster at {@code master}; the config and the plugins must be at the same paths
   * on every executor, and so must the run directory unless {@code shared} is given.
   *
   * @param shared the run directory on a Hadoop-compatible file system (then the request's directory is its local
   *     mirror, {@link SharedPath#mirror}), or null
   * @param threads the engine's intra-op threads on each executor (0: the engine's own)
   * @param notes one line each: what the driver has to say (parts kept, lost tasks, model loads)
   */
  Runs.Outcome run(Runs.Request request, java.net.URI shared, String master, int threads, Consumer<String> notes)
      throws IOException;
}
