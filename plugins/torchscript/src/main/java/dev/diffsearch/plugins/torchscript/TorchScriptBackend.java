package dev.diffsearch.plugins.torchscript;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.denoise.Parameterization;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.ModelContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pf4j.Extension;

/**
 * {@code torchscript}: a user's own network exported to TorchScript, loaded by DJL's PyTorch engine and
 * adapted to EDM form from its parameterization. The module is checked with one small batch (a class row
 * and an unconditional row) before the run spends any compute.
 */
@Extension
public final class TorchScriptBackend extends ModelBackend.Of<TorchScriptConfig> {

  public TorchScriptBackend() {
    super("torchscript", "your own model exported to TorchScript (.pt): edm, eps or flow; forward(x, noise_level, labels)",
        TorchScriptConfig.class, TorchScriptBackend::openModel);
  }

  /** Loads the module, adapts it to EDM form and probes it once; a failure is a config error at {@code path}. */
  private static Denoiser openModel(TorchScriptConfig config, ModelContext context) {
    Path file = context.baseDir().resolve(config.path()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw ConfigException.at("path", "torchscript: no TorchScript file at " + file);
    }
    NDManager manager = context.manager();
    ZooModel<NDList, NDList> model = load(file, manager.getDevice());
    String resourceId = "torchscript-" + UUID.randomUUID();
    manager.attachInternal(resourceId, model); // closed with the run's manager
    List<Integer> dims = config.sampleShape();
    Shape sampleShape = new Shape(dims.get(0), dims.get(1), dims.get(2));
    Parameterization parameterization = config.parsedParameterization();
    TorchScriptNetwork network = new TorchScriptNetwork(model.getBlock(), file.toString(),
        parameterization == Parameterization.FLOW, config.levelInput(), config.schedule(), config.classes());
    Denoiser denoiser = parameterization.adapt(network, sampleShape, config.classes());
    try {
      probe(denoiser, manager);
    } catch (RuntimeException e) {
      manager.detachInternal(resourceId);
      model.close();
      throw ConfigException.at("path", e.getMessage());
    }
    return denoiser;
  }

  /** Loads {@code file} through the DJL API on the PyTorch engine, mapped to {@code device}. */
  static ZooModel<NDList, NDList> load(Path file, Device device) {
    String notTorchScript = notTorchScript(file);
    if (notTorchScript != null) {
      throw ConfigException.at("path", "torchscript: cannot load " + file + ": " + notTorchScript
          + "; export the model with torch.jit.script or torch.jit.trace and torch.jit.save (see the plugin's export/)");
    }
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(file.getParent()) // the folder and the file's full name: DJL warns on a bare file
            .optModelName(file.getFileName().toString())
            .optEngine("PyTorch")
            .optDevice(device)
            .optOption("mapLocation", "true") // a module saved on a GPU loads onto this device
            .build();
    try {
      return criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw ConfigException.at("path", "torchscript: cannot load " + file + " as a TorchScript module: "
          + TorchScriptNetwork.summary(e));
    }
  }

  /**
   * Why {@code file} cannot be a TorchScript archive, or null when it may be one. torch.jit.save writes a
   * zip whose entries include {@code code/} and {@code constants.pkl}; torch.save (weights or a pickled
   * module) writes a zip without them.
   */
  static String notTorchScript(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      boolean scripted = zip.stream().map(ZipEntry::getName)
          .anyMatch(n -> n.endsWith("/constants.pkl") || n.contains("/code/"));
      return scripted ? null : "a torch.save archive (weights or a pickled module), not TorchScript";
    } catch (ZipException e) {
      return "not a zip archive, so not a TorchScript file";
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  /** One evaluation of zeros at σ = 1: a class-0 row and an unconditional row, or one unconditional row. */
  private static void probe(Denoiser denoiser, NDManager manager) {
    int[] classes = denoiser.numClasses() > 0
        ? new int[] {0, Denoiser.UNCONDITIONAL}
        : new int[] {Denoiser.UNCONDITIONAL};
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.zeros(new Shape(classes.length).addAll(denoiser.sampleShape()));
      denoiser.denoise(x, scope.ones(new Shape(classes.length)), classes);
    }
  }
}
