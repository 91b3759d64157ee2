package dev.diffsearch.core.engine;

import ai.djl.engine.Engine;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the DJL engine once per process and applies the settings this project relies on.
 *
 * <p>For PyTorch it turns NNPACK off ({@code at::globalContext().setUserEnabledNNPACK(false)}, what
 * {@code torch.backends.nnpack.set_flags(False)} does in Python). On CPUs whose features NNPACK's own
 * detection does not recognise (AMD EPYC VMs among them) libtorch otherwise prints "Could not initialize
 * NNPACK! Reason: Unsupported hardware." for every small-batch convolution: libtorch asks whether NNPACK
 * is available before it looks at the batch size. Where NNPACK cannot start it was never used, so outputs
 * do not change (the quickstart's files are byte-identical with it on and off).
 */
public final class EngineSetup {

  private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);
  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
  private static final String GET_NNPACK = "_ZNK2at7Context17userEnabledNNPACKEv";
  private static final String SET_THREADS = "_ZN2at15set_num_threadsEi";
  private static final String GET_THREADS = "_ZN2at15get_num_threadsEv";

  private static volatile Engine engine;

  private EngineSetup() {}

  /** The default engine, started once, offline unless told otherwise, with NNPACK off for PyTorch. */
  public static Engine start() {
    Engine e = engine;
    if (e != null) {
      return e;
    }
    synchronized (EngineSetup.class) {
      if (engine == null) {
        if (System.getProperty("ai.djl.offline") == null) {
          System.setProperty("ai.djl.offline", "true");
        }
        Engine started = Engine.getInstance();
        if ("PyTorch".equals(started.getEngineName())) {
          disableNnpack();
        }
        engine = started;
      }
      return engine;
    }
  }

  /**
   * Whether libtorch's NNPACK switch is on; empty when libtorch is not loaded in this process or its
   * symbols cannot be found.
   */
  public static Optional<Boolean> nnpackEnabled() {
    return libtorch().map(lib -> {
      Pointer context = lib.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      return (lib.getFunction(GET_NNPACK).invokeInt(new Object[] {context}) & 0xFF) != 0;
    });
  }

  /**
   * Sets libtorch's intra-op threads ({@code at::set_num_threads}, what {@code torch.set_num_threads} does),
   * at any time, not only before the engine starts as {@code -Dai.djl.pytorch.num_threads} does. Starts the
   * engine first. False when libtorch is not the engine or its symbol cannot be found.
   */
  public static boolean setIntraOpThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1, got " + threads);
    }
    start();
    return libtorch().map(lib -> {
      lib.getFunction(SET_THREADS).invokeVoid(new Object[] {threads});
      return true;
    }).orElse(false);
  }

  /** libtorch's intra-op threads, or empty when libtorch is not loaded in this process. */
  public static Optional<Integer> intraOpThreads() {
    return libtorch().map(lib -> lib.getFunction(GET_THREADS).invokeInt(new Object[0]));
  }

  private static void disableNnpack() {
    try {
      Optional<NativeLibrary> lib = libtorch();
      if (lib.isEmpty()) {
        LOG.debug("libtorch_cpu not found among the mapped libraries; NNPACK left as it is");
        return;
      }
      Pointer context = lib.get().getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      Function set = lib.get().getFunction(SET_NNPACK);
      set.invokeVoid(new Object[] {context, Boolean.FALSE});
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("could not turn NNPACK off: {}", e.toString());
    }
  }

  /** libtorch_cpu as loaded by DJL, found through /proc/self/maps (Linux; the engine's natives are Linux). */
  private static Optional<NativeLibrary> libtorch() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(path -> path.endsWith("/libtorch_cpu.so"))
          .findFirst()
          .map(NativeLibrary::getInstance);
    } catch (IOException | UnsatisfiedLinkError e) {
      return Optional.empty();
    }
  }
}
