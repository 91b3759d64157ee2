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
import dev.diffsearch.api.spi.Conditioning;
import dev.diffsearch.api.spi.Denoiser;
import dev.diffsearch.api.spi.ModelBackend;
import dev.diffsearch.api.spi.ModelContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pf4j.Extension;

/**
 * {@code torchscript}: a user's own network exported to TorchScript, loaded by DJL's PyTorch engine and
 * adapted to EDM form from its parameterization; class-conditional, unconditional, or text-conditioned
 * (a {@code text} block: a TorchScript text encoder with its tokenizer, or precomputed embeddings). The
 * module is checked with one small batch (a class row and an unconditional row, or two rows on one
 * prompt's embeddings) before the run spends any compute.
 */
@Extension
public final class TorchScriptBackend extends ModelBackend.Of<TorchScriptConfig> {

  public TorchScriptBackend() {
    super("torchscript", "your own model exported to TorchScript (.pt): edm, eps or flow; "
        + "forward(x, noise_level, labels), or forward(x, noise_level, text, text_mask) with a text encoder",
        TorchScriptConfig.class, TorchScriptBackend::openModel);
  }

  /** Loads the module, adapts it to EDM form and probes it once; a failure is a config error at {@code path}. */
  private static Denoiser openModel(TorchScriptConfig config, ModelContext context) {
    Path file = context.baseDir().resolve(config.path()).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw ConfigException.at("path", "torchscript: no TorchScript file at " + file);
    }
    NDManager manager = context.manager();
    Map<String, AutoCloseable> owned = new LinkedHashMap<>(); // closed with the run's manager, or here on failure
    try {
      ZooModel<NDList, NDList> model = load(file, manager.getDevice(), "path");
      own(manager, model, owned);
      List<Integer> dims = config.sampleShape();
      Shape sampleShape = new Shape(dims.get(0), dims.get(1), dims.get(2));
      Parameterization parameterization = config.parsedParameterization();
      TorchScriptNetwork network = new TorchScriptNetwork(model.getBlock(), file.toString(),
          parameterization == Parameterization.FLOW, config.levelInput(), config.schedule(), config.classes());
      if (config.textConditioned()) {
        TextSource text = openText(config.text(), context, owned);
        TextDenoiser denoiser = new TextDenoiser(network, parameterization, sampleShape, text, file.toString());
        probeText(denoiser, manager);
        return denoiser;
      }
      Denoiser denoiser = parameterization.adapt(network, sampleShape, config.classes());
      try {
        probe(denoiser, manager);
      } catch (RuntimeException e) {
        throw ConfigException.at("path", e.getMessage());
      }
      return denoiser;
    } catch (RuntimeException e) {
      owned.forEach((id, resource) -> {
        manager.detachInternal(id);
        try {
          resource.close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      });
      throw e;
    }
  }

  /** Attaches {@code resource} to the run's manager and keeps it in {@code owned} by its id. */
  private static void own(NDManager manager, AutoCloseable resource, Map<String, AutoCloseable> owned) {
    String id = "torchscript-" + UUID.randomUUID();
    manager.attachInternal(id, resource);
    owned.put(id, resource);
  }

  /** The prompt embeddings' source of a {@code text} block: an encoder and its tokenizer, or precomputed files. */
  private static TextSource openText(TorchScriptConfig.Text text, ModelContext context,
      Map<String, AutoCloseable> owned) {
    Path base = context.baseDir();
    if (!text.encoded()) {
      return PrecomputedText.open(resolve(base, text.embeddings()), text.mask() == null ? null : resolve(base, text.mask()),
          resolve(base, text.prompts()));
    }
    Path encoderFile = resolve(base, text.encoder());
    if (!Files.isRegularFile(encoderFile)) {
      throw ConfigException.at("text.encoder", "torchscript: no text encoder file at " + encoderFile);
    }
    Path tokenizerFile = resolve(base, text.tokenizer());
    if (!Files.isRegularFile(tokenizerFile)) {
      throw ConfigException.at("text.tokenizer", "torchscript: no tokenizer file at " + tokenizerFile);
    }
    HfTokenizer tokenizer = openTokenizer(tokenizerFile, text.length());
    own(context.manager(), tokenizer, owned);
    ZooModel<NDList, NDList> encoder = load(encoderFile, context.manager().getDevice(), "text.encoder");
    own(context.manager(), encoder, owned);
    return new EncodedText(encoder.getBlock(), encoderFile.toString(), tokenizer, text.length(), context.manager());
  }

  private static Path resolve(Path base, String path) {
    return base.resolve(path).toAbsolutePath().normalize();
  }

  /** Reads a tokenizer.json; a malformed file, or a host without the tokenizers library, is an error at {@code text.tokenizer}. */
  private static HfTokenizer openTokenizer(Path file, int length) {
    try {
      return HfTokenizer.open(file, length);
    } catch (LinkageError e) {
      throw ConfigException.at("text.tokenizer", "torchscript: cannot read " + file + ": this diffsearch has no "
          + "Hugging Face tokenizers library (ai.djl.huggingface:tokenizers, " + e.getClass().getSimpleName()
          + "); precompute the embeddings (text.embeddings) instead");
    } catch (IOException | RuntimeException e) {
      throw ConfigException.at("text.tokenizer", "torchscript: cannot read " + file + " as a Hugging Face tokenizer.json: "
          + TorchScriptNetwork.summary(e));
    }
  }

  /** Loads {@code file} through the DJL API on the PyTorch engine, mapped to {@code device}; errors name {@code key}. */
  static ZooModel<NDList, NDList> load(Path file, Device device, String key) {
    String notTorchScript = notTorchScript(file);
    if (notTorchScript != null) {
      throw ConfigException.at(key, "torchscript: cannot load " + file + ": " + notTorchScript
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
      throw ConfigException.at(key, "torchscript: cannot load " + file + " as a TorchScript module: "
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

  /**
   * The text source's probe row (the empty prompt through the encoder, or the first precomputed row) and
   * one evaluation of two rows of zeros at σ = 1 conditioned on it: errors name {@code text.*} or {@code path}.
   */
  private static void probeText(TextDenoiser denoiser, NDManager manager) {
    TextEncoding row;
    try {
      row = denoiser.text().probeRow();
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ConfigException.at("text.encoder", e.getMessage());
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.zeros(new Shape(2).addAll(denoiser.sampleShape()));
      denoiser.denoise(x, scope.ones(new Shape(2)), new Conditioning(List.of(TextDenoiser.EMPTY_PROMPT), row, new int[2]));
    } catch (RuntimeException e) {
      throw ConfigException.at("path", e.getMessage());
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
