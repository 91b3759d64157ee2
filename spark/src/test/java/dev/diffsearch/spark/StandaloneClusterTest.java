package dev.diffsearch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffsearch.core.engine.EngineSetup;
import dev.diffsearch.core.plugin.PluginDirs;
import dev.diffsearch.core.run.Progress;
import dev.diffsearch.core.run.Runs;
import dev.diffsearch.core.sweep.Condition;
import dev.diffsearch.core.sweep.Sweep;
import dev.diffsearch.core.sweep.SweepSpec;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on this machine: a Spark standalone master and two workers, each its own JVM bound to 127.0.0.1,
 * whose executors are JVMs of their own (so serialization and class loading are those of a cluster). The driver
 * (this JVM) submits a sweep of eight conditions into HDFS (a name node and a data node in this JVM, which the
 * executors reach over the network); once the first has finished, one worker is killed with its executor and
 * whatever condition it was running in its scratch directory. Spark gives the lost conditions to another executor,
 * which runs them again: the sweep completes, every condition's files there are those of the same sweep run
 * without Spark, and each executor opened its model once. One run split by output runs on the same cluster (into a
 * local directory all share), loses a third worker the same way, and merges to the files of the run without Spark.
 */
class StandaloneClusterTest {

  @TempDir static Path tmp;
  static final List<Process> processes = new ArrayList<>();
  static Process killed;
  static Process killedDuringSplit;
  static String master;

  @BeforeAll
  static void cluster() throws Exception {
    Path home = sparkHome(Path.of("target", "spark-home").toAbsolutePath()); // not in @TempDir: links to ~/.m2
    int port = freePort();
    master = "spark://127.0.0.1:" + port;
    Process masterProcess = startMaster(home, port);
    processes.add(masterProcess);
    awaitLeader(masterProcess, tmp.resolve("master.log"));
    for (int i = 0; i < 3; i++) { // the sweep kills one, the split run another
      Path work = Files.createDirectories(tmp.resolve("worker-" + i));
      processes.add(start(home, tmp.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--webui-port", Integer.toString(freePort()), "--cores", "1", "--memory", "2g",
          "--work-dir", work.toString(), master));
    }
    killed = processes.get(1);
    killedDuringSplit = processes.get(3);
  }

  @AfterAll
  static void stop() {
    processes.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void aSweepSurvivesAKilledWorkerWithTheFilesOfASweepWithoutSpark() throws Exception {
    EngineSetup.start();
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Files.copy(repo.resolve("examples/quickstart.yaml"), tmp.resolve("base.yaml"));
    Files.writeString(tmp.resolve("eight.yaml"), """
        pipeline: base.yaml
        set: {sampler.search.steps: 4, sampler.final.steps: 4, conditions.classes: [0, 1, 2, 3]}
        axes:
          search.nfe: [14, 28, 42, 56]
          seed: [1, 2]
        parallel: 1
        threads: 1
        """);
    // one intra-op thread in the executors and in this JVM's plain sweep: libtorch splits its sums by thread, so
    // scores agree to the last bit only at equal thread counts
    SweepSpec spec = SweepSpec.read(tmp.resolve("eight.yaml"));
    PluginDirs plugins = PluginDirs.only(repo.resolve("app/target/diffsearch/plugins"));

    CountDownLatch firstDone = new CountDownLatch(1);
    List<String> finished = new ArrayList<>();
    Sweep.Listener listener = new Sweep.Listener() {
      @Override
      public void started(Condition c, boolean resumed) {}

      @Override
      public synchronized void finished(Condition c, double wallSeconds, int done, int total) {
        finished.add(c.id());
        if (done == 1) { // kill a worker, its executor with it, while conditions are running on both
          killed.descendants().forEach(ProcessHandle::destroyForcibly);
          killed.destroyForcibly();
          firstDone.countDown();
        }
      }

      @Override
      public void failed(Condition c, Exception e) {
        throw new AssertionError(c.id(), e);
      }

      @Override
      public void note(String line) {
        if (line.contains("lost") || line.contains("models opened")) {
          System.out.println("sweep: " + line); // what the kill cost, in the test's output
        }
      }
    };
    SparkSweep spark = new SparkSweep();
    Sweep.Outcome o;
    Path dir;
    try (Hdfs hdfs = new Hdfs(tmp.resolve("dfs"))) { // the executors' JVMs write to it over the network
      o = onTheCluster(() -> spark.run(spec.withOut(hdfs.uri("/runs/eight"), "--out"), plugins, System::getenv, master,
          listener));
      dir = hdfs.download("/runs/eight", tmp.resolve("cluster"));
    }
    assertThat(firstDone.getCount()).isZero();
    assertThat(killed.isAlive()).isFalse();
    assertThat(o.ran()).isEqualTo(8);
    assertThat(o.failed()).isEmpty();
    assertThat(finished).hasSize(8).doesNotHaveDuplicates();
    // each executor that reported opened one model for all the conditions it ran
    assertThat(spark.lastLoads().byExecutor()).isNotEmpty().allSatisfy((executor, loads) -> assertThat(loads).isEqualTo(1));

    Sweep.Outcome plain = new Sweep(spec.withOut(tmp.resolve("plain")), plugins, System::getenv, listener).run();
    assertThat(plain.failed()).isEmpty();
    for (Condition c : Condition.expand(spec)) {
      assertThat(SparkSweepTest.files(dir.resolve(c.id()))).as(c.id())
          .isEqualTo(SparkSweepTest.files(tmp.resolve("plain").resolve(c.id())));
    }
    assertThat(SparkSweepTest.withoutTimes(dir.resolve("results.csv")))
        .isEqualTo(SparkSweepTest.withoutTimes(tmp.resolve("plain/results.csv")));
    assertThat(dir.resolve(SparkSweep.PARQUET).resolve("_SUCCESS")).exists(); // written by an executor, to HDFS
  }

  /**
   * One run split by output on the same cluster (its executors JVMs of their own: the parts' task and what it
   * carries are serialized for real): 6 outputs, two in flight, three parts; a worker is killed once the first part
   * has finished. The run completes, merged into the files of the run without Spark.
   */
  @Test
  void aRunSplitByOutputRunsOnTheClustersExecutorsToTheFilesOfARunWithoutSpark() throws Exception {
    EngineSetup.start();
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Path config = Files.copy(repo.resolve("examples/quickstart.yaml"), tmp.resolve("split.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<String> overrides = List.of("sampler.search.steps=4", "sampler.final.steps=4", "search.nfe=14",
        "conditions.classes=[0, 1, 2, 3, 4, 5]", "search.outputs-in-flight=2");
    PluginDirs plugins = PluginDirs.only(repo.resolve("app/target/diffsearch/plugins"));
    java.util.function.Function<Path, Runs.Request> request =
        out -> new Runs.Request(config, overrides, out, plugins, k -> null, Progress.Listener.NONE);
    List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<String> killAfterTheFirstPart = line -> {
      notes.add(line);
      if (line.endsWith(" done (1/3)")) { // a worker and its executor die while the other parts run
        killedDuringSplit.descendants().forEach(ProcessHandle::destroyForcibly);
        killedDuringSplit.destroyForcibly();
      }
    };
    Runs.Outcome o = onTheCluster(() -> new SparkRun().run(request.apply(tmp.resolve("split")), null, master, 1,
        killAfterTheFirstPart));
    assertThat(killedDuringSplit.isAlive()).isFalse();
    assertThat(o.result().outputsRun()).isEqualTo(6);
    assertThat(notes).last().asString().contains("3 parts on Spark; models opened per executor: ");
    notes.stream().filter(l -> l.contains("lost")).forEach(l -> System.out.println("run: " + l)); // what the kill cost
    assertThat(notes.stream().filter(l -> l.startsWith("part o"))).hasSize(3);

    // the same run in this JVM, at the executors' one intra-op thread
    var threads = EngineSetup.intraOpThreads();
    EngineSetup.setIntraOpThreads(1);
    try {
      Runs.start(request.apply(tmp.resolve("split-plain")));
    } finally {
      threads.ifPresent(EngineSetup::setIntraOpThreads);
    }
    assertThat(SparkSweepTest.files(tmp.resolve("split"))).isEqualTo(SparkSweepTest.files(tmp.resolve("split-plain")));
    assertThat(SparkRunTest.withoutWallTimes(tmp.resolve("split")))
        .isEqualTo(SparkRunTest.withoutWallTimes(tmp.resolve("split-plain")));
  }

  /** {@code job} driven from this JVM against the cluster: the driver bound to 127.0.0.1, executors with 1 GB. */
  private static <T> T onTheCluster(java.util.concurrent.Callable<T> job) throws Exception {
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.executor.memory", "1g");
    System.setProperty("spark.executor.extraJavaOptions", "-Dai.djl.offline=true " + String.join(" ", opens()));
    try {
      return job.call();
    } finally {
      for (String k : List.of("spark.driver.host", "spark.driver.bindAddress", "spark.executor.memory",
          "spark.executor.extraJavaOptions")) {
        System.clearProperty(k);
      }
    }
  }

  /** The JVM flags Spark 4 wants on Java 17 (what its launcher adds). */
  static List<String> opens() {
    List<String> flags = new ArrayList<>();
    for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
        "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
      flags.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
    }
    flags.add("-Djdk.reflect.useDirectMethodHandle=false");
    flags.add("-Dio.netty.tryReflectionSetAccessible=true");
    return flags;
  }

  /**
   * A SPARK_HOME whose {@code jars/} is this JVM's class path (directories of classes jarred): what a worker
   * builds its executors' class path from.
   */
  static Path sparkHome(Path home) throws IOException {
    if (Files.exists(home)) {
      try (Stream<Path> s = Files.walk(home)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p); // links, not what they point to
        }
      }
    }
    Path jars = Files.createDirectories(home.resolve("jars"));
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        jarDirectory(p, jars.resolve("classes-" + (i++) + ".jar"));
      } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    return home;
  }

  private static void jarDirectory(Path dir, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  private static Process start(Path home, Path log, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", home.resolve("jars").toString() + File.separator + "*"));
    cmd.addAll(opens());
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * The master, logging its own state at INFO on its standard output (log4j2 chosen as SLF4J's provider, so that
   * the class path's logback is not), the rest at WARN.
   */
  private static Process startMaster(Path home, int port) throws IOException {
    Path config = Files.writeString(tmp.resolve("master-log4j2.properties"), String.join("\n",
        "rootLogger.level = warn", "rootLogger.appenderRef.out.ref = out",
        "appender.console.type = Console", "appender.console.name = out", "appender.console.target = SYSTEM_OUT",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %p %c{1}: %m%n",
        "logger.master.name = org.apache.spark.deploy.master.Master", "logger.master.level = info", ""));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider",
        "-Dlog4j2.configurationFile=" + config, "-cp", home.resolve("jars").toString() + File.separator + "*"));
    cmd.addAll(opens());
    cmd.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--webui-port", Integer.toString(freePort())));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /**
   * Reads the master's output until it says it leads (it then takes workers and applications), then copies the
   * rest to {@code log} in the background: a blocking read, no clock. A master that exits first fails the test.
   */
  private static void awaitLeader(Process master, Path log) throws IOException {
    java.io.BufferedReader out = master.inputReader(java.nio.charset.StandardCharsets.UTF_8);
    StringBuilder said = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      said.append(line).append('\n');
      if (line.contains("elected leader")) {
        Files.writeString(log, said);
        Thread drain = new Thread(() -> {
          try (java.io.Writer file = Files.newBufferedWriter(log, java.nio.file.StandardOpenOption.APPEND)) {
            out.transferTo(file);
          } catch (IOException e) {
            // the master was stopped: nothing more to copy
          }
        }, "master-log");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new AssertionError("the Spark master exited before it led:\n" + said);
  }

}
