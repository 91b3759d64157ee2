package dev.diffsearch.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.RunStore;
import dev.diffsearch.core.run.Runs;
import dev.diffsearch.core.run.Workbench;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs a sweep: every condition of a {@link SweepSpec} into {@code SWEEP_DIR/ID}, each evaluated with its
 * model's evaluator when there is one, {@code results.csv} rewritten after each. Resumable: a condition
 * whose {@code condition.json} exists is kept, one with a run directory is resumed through the run store
 * (its finished outputs kept), the rest start. Every condition is checked (configuration, plugins, model)
 * before any runs, so a mistake in the sweep file costs no compute. A condition that fails is reported and
 * the others still run; the sweep then fails naming it.
 */
public final class Sweep {

  /** The sweep's own record of its conditions, in the sweep directory. */
  public static final String SWEEP_JSON = "sweep.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a sweep says as it goes. */
  public interface Listener {
    /** A condition starts ({@code resumed}: it continues a killed attempt). */
    void started(Condition condition, boolean resumed);

    /** A condition finished; {@code done} of {@code total} have. */
    void finished(Condition condition, double wallSeconds, int done, int total);

    /** A condition failed; the sweep goes on with the others. */
    void failed(Condition condition, Exception error);

    /** Anything else worth a line. */
    void note(String line);
  }

  /** What a sweep did: how many conditions ran, were kept from before, failed. */
  public record Outcome(Path dir, int ran, int kept, List<String> failed) {}

  private final SweepSpec spec;
  private final PluginDirs plugins;
  private final Function<String, String> env;
  private final Listener listener;
  private final LongSupplier nanoClock;
  private final LongSupplier cpuClock;

  /**
   * @param nanoClock wall time in nanoseconds (System::nanoTime), recorded per condition
   * @param cpuClock the process' CPU time in nanoseconds, recorded per condition (shared when conditions run at once)
   */
  public Sweep(SweepSpec spec, PluginDirs plugins, Function<String, String> env, Listener listener,
      LongSupplier nanoClock, LongSupplier cpuClock) {
    this.spec = spec;
    this.plugins = plugins;
    this.env = env;
    this.listener = listener;
    this.nanoClock = nanoClock;
    this.cpuClock = cpuClock;
  }

  /** A sweep on the system clocks. */
  public Sweep(SweepSpec spec, PluginDirs plugins, Function<String, String> env, Listener listener) {
    this(spec, plugins, env, listener, System::nanoTime, Sweep::processCpuNanos);
  }

  /**
   * Checks every condition as {@link #run} does first (configuration, plugins, model), without writing or
   * running anything; returns them all.
   */
  public List<Condition> check() throws IOException {
    List<Condition> conditions = Condition.expand(spec);
    check(conditions);
    return conditions;
  }

  /** Reads and wires each of {@code conditions} as its run would; a mistake names the sweep file and the condition. */
  private void check(List<Condition> conditions) throws IOException {
    Runs.check(spec.pipeline(), conditions.stream().map(c -> c.overrides(spec)).toList(), plugins, env,
        i -> spec.file() + ": condition " + conditions.get(i).id() + " (" + conditions.get(i).describe() + ")");
  }

  /** A sweep made ready to run: its conditions, those left to run, how many were kept from before. */
  public record Prepared(Path dir, List<Condition> conditions, List<Condition> todo, int kept) {}

  /**
   * Everything before the first condition runs: finds the conditions not finished before, checks them, claims
   * the sweep directory and writes {@code results.csv} of those kept. What a distributed runner calls on its
   * driver before it hands the conditions out (each to {@link #runCondition}).
   */
  public Prepared prepare() throws IOException {
    List<Condition> conditions = Condition.expand(spec);
    Path dir = spec.out();
    List<Condition> todo = new ArrayList<>();
    for (Condition c : conditions) {
      if (!finished(dir.resolve(c.id()))) {
        todo.add(c);
      }
    }
    check(todo);
    Files.createDirectories(dir);
    claim(dir, conditions);
    int kept = conditions.size() - todo.size();
    if (kept > 0) {
      listener.note(kept + " of " + conditions.size() + " conditions finished before: kept");
    }
    Results.write(dir, conditions);
    return new Prepared(dir, conditions, todo, kept);
  }

  /**
   * Runs the condition {@code id} to its finished state, as {@link #run} does each: resumed through the run store
   * when a run directory is there, kept when it finished before (nothing done: false). The model and plugins come
   * from {@code workbench} when it is not null. What a distributed runner calls on its executors.
   */
  public boolean runCondition(String id, Workbench workbench) throws IOException {
    Condition c = Condition.expand(spec).stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new ConfigException(spec.file().toString(), "has no condition " + id));
    if (finished(spec.out().resolve(id))) {
      return false;
    }
    runOne(spec.out(), c, workbench);
    return true;
  }

  /** Checks, then runs every condition not finished before. */
  public Outcome run() throws IOException {
    Prepared prepared = prepare();
    Path dir = prepared.dir();
    List<Condition> conditions = prepared.conditions();
    List<Condition> todo = prepared.todo();
    int kept = prepared.kept();
    if (spec.threads() > 0) {
      EngineSetup.setIntraOpThreads(spec.threads());
    }
    AtomicInteger done = new AtomicInteger(kept);
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(spec.parallel(), Math.max(1, todo.size())), r -> {
      Thread t = new Thread(r, "sweep");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Condition c : todo) {
        futures.add(pool.submit(() -> {
          try {
            runOne(dir, c, null);
            Results.write(dir, conditions);
            listener.finished(c, wallOf(dir.resolve(c.id())), done.incrementAndGet(), conditions.size());
          } catch (Exception e) {
            failed.add(c.id());
            listener.failed(c, e);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("sweep interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> failedInOrder = conditions.stream().map(Condition::id).filter(failed::contains).toList();
    return new Outcome(dir, todo.size() - failedInOrder.size(), kept, failedInOrder);
  }

  /** Runs (or resumes) one condition, evaluates it, then writes its {@code condition.json}: from then on it is finished. */
  private void runOne(Path dir, Condition c, Workbench workbench) throws IOException {
    Path run = dir.resolve(c.id());
    boolean resumed = Files.isRegularFile(run.resolve(RunStore.RUN_JSON));
    listener.started(c, resumed);
    long wall0 = nanoClock.getAsLong();
    long cpu0 = cpuClock.getAsLong();
    if (resumed) {
      Runs.resume(run, plugins, env, Progress.Listener.NONE, listener::note, workbench);
    } else {
      Runs.start(new Runs.Request(spec.pipeline(), c.overrides(spec), run, plugins, env, Progress.Listener.NONE),
          workbench);
    }
    boolean evaluated = false;
    if (spec.evaluate()) {
      evaluated = evaluate(run);
    }
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("id", c.id());
    record.set("values", values(c));
    record.put("wall-s", Math.round((nanoClock.getAsLong() - wall0) / 1e6) / 1e3);
    record.put("cpu-s", Math.round((cpuClock.getAsLong() - cpu0) / 1e6) / 1e3);
    record.put("resumed", resumed);
    record.put("evaluated", evaluated);
    RunStore.writeAtomically(run.resolve(Results.CONDITION_JSON),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
  }

  /** Evaluates a finished run with its model's evaluator; false (said once per model) when the model has none. */
  private boolean evaluate(Path run) throws IOException {
    if (Runs.evaluateIfAble(run, plugins, w -> listener.note(run.getFileName() + ": " + w)).isPresent()) {
      return true;
    }
    String model = RunStore.readRunJson(run).path("config").path("model").path("name").asText("");
    noteOnce("model '" + model + "' has no evaluator: results.csv has no metrics for its conditions");
    return false;
  }

  private final Map<String, Boolean> said = new LinkedHashMap<>();

  private synchronized void noteOnce(String line) {
    if (said.put(line, true) == null) {
      listener.note(line);
    }
  }

  /**
   * Writes {@code sweep.json} with the conditions, after checking that every condition the directory already
   * holds is one of this sweep's (same id, values and overrides): resuming into another sweep's directory would
   * mix their conditions. A sweep file that gained conditions (values appended to its first axis, say) keeps
   * the finished ones; one that never got to run (a typo) is simply replaced.
   */
  private void claim(Path dir, List<Condition> conditions) throws IOException {
    ObjectNode mine = JsonNodeFactory.instance.objectNode();
    mine.put("pipeline", spec.pipeline().toString());
    ArrayNode list = mine.putArray("conditions");
    for (Condition c : conditions) {
      ObjectNode o = list.addObject();
      o.put("id", c.id());
      o.set("values", values(c));
      ArrayNode overrides = o.putArray("overrides");
      c.overrides(spec).forEach(overrides::add);
    }
    Path file = dir.resolve(SWEEP_JSON);
    if (Files.isRegularFile(file)) {
      JsonNode theirs = JSON.readTree(file.toFile());
      Map<String, JsonNode> mineById = new LinkedHashMap<>();
      mine.get("conditions").forEach(c -> mineById.put(c.path("id").asText(), c));
      for (JsonNode c : theirs.path("conditions")) {
        String id = c.path("id").asText();
        if (Files.exists(dir.resolve(id)) && !c.equals(mineById.get(id))) {
          throw new ConfigException(dir.toString(), "holds another sweep (its condition " + id + " is not one of this"
              + " file's); resume it with the sweep file that made it, or give another --out");
        }
      }
    } else if (hasOtherFiles(dir)) {
      throw new ConfigException(dir.toString(), "is not empty and holds no sweep (" + SWEEP_JSON + "); give another --out");
    }
    RunStore.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(mine)
        .getBytes(StandardCharsets.UTF_8));
  }

  private static boolean hasOtherFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isPresent();
    }
  }

  private static ObjectNode values(Condition c) {
    ObjectNode v = JsonNodeFactory.instance.objectNode();
    c.values().forEach(v::set);
    return v;
  }

  /** Whether the condition whose run directory is {@code run} has finished: its {@code condition.json} is written. */
  public static boolean finished(Path run) {
    return Files.isRegularFile(run.resolve(Results.CONDITION_JSON));
  }

  /** The wall seconds a finished condition took, from its {@code condition.json}. */
  public static double wallOf(Path run) throws IOException {
    return JSON.readTree(run.resolve(Results.CONDITION_JSON).toFile()).path("wall-s").asDouble();
  }

  /** The CPU time of this process, all threads (native ones too), in nanoseconds; -1 where the JVM cannot tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
