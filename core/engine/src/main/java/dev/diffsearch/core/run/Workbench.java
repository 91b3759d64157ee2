package dev.diffsearch.core.run;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.core.config.ExtensionBlock;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.plugin.PluginRuntime;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugins and models kept open across the runs of one JVM — a Spark executor's tasks — instead of started and
 * opened by every run: the plugin runtime of a set of plugin directories starts once, and a model opens once
 * per model block (its name and options, and the directory its weights are relative to) and is then shared by
 * every run that names it, concurrently too (a model's {@code denoise} reads its weights and writes only to
 * the caller's arrays). What a run computes is the same either way (a test compares the files). Runs use it
 * through {@link Runs#start(Runs.Request, Workbench)} and {@link Runs#resume(Path, PluginDirs,
 * java.util.function.Function, Progress.Listener, java.util.function.Consumer, Workbench)}.
 */
public final class Workbench implements AutoCloseable {

  private final Map<PluginDirs, PluginRuntime> runtimes = new LinkedHashMap<>();
  private final Map<String, Denoiser> models = new LinkedHashMap<>();
  private final NDManager manager = NDManager.newBaseManager();
  private final AtomicInteger modelLoads = new AtomicInteger();
  private final AtomicInteger pluginStarts = new AtomicInteger();
  private boolean closed;

  /** The plugin runtime of {@code dirs}, started on first use; closed with the workbench. */
  synchronized PluginRuntime runtime(PluginDirs dirs) {
    requireOpen();
    return runtimes.computeIfAbsent(dirs, d -> {
      pluginStarts.incrementAndGet();
      return PluginRuntime.start(d);
    });
  }

  /** The model of {@code block} opened by {@code backend} from {@code baseDir}: once, then the same instance. */
  synchronized Denoiser model(ExtensionBlock block, ModelBackend<Object> backend, Object config, Path baseDir) {
    requireOpen();
    String key = block.name() + " " + block.options() + " @ " + baseDir.toAbsolutePath().normalize();
    Denoiser model = models.get(key);
    if (model == null) {
      model = backend.open(config, new ModelContext(manager.newSubManager(), baseDir));
      models.put(key, model);
      modelLoads.incrementAndGet();
    }
    return model;
  }

  /** How many models this workbench opened: one per distinct model block, however many runs used them. */
  public int modelLoads() {
    return modelLoads.get();
  }

  /** How many plugin runtimes this workbench started: one per set of plugin directories. */
  public int pluginStarts() {
    return pluginStarts.get();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("workbench closed");
    }
  }

  /** Frees the models' native memory and unloads the plugins. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    models.clear();
    manager.close();
    runtimes.values().forEach(PluginRuntime::close);
    runtimes.clear();
  }
}
