package dev.diffsearch.plugins.mixture;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A mixture on disk: {@code means.npy} (float32 [K, C, H, W]) and {@code components.json} (class,
 * variance and within-class weight of each component, and how the file was made). The bundled one is a
 * resource of this plugin.
 */
public final class MixtureFiles {

  /** The bundled mixture: 4 k-means centroids per Fashion-MNIST class. */
  public static final String BUNDLED = "fashion-mnist-k4";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A mixture's parameters, before they are put on a manager. */
  public record Parameters(float[][] means, long[] sampleShape, double[] variances, double[] weights,
      int[] classes, int numClasses, JsonNode meta) {

    public MixtureModel open(NDManager manager) {
      return new MixtureModel(manager, means, variances, weights, classes, numClasses, new Shape(sampleShape));
    }
  }

  private MixtureFiles() {}

  /** The bundled mixture from this plugin's resources. */
  public static Parameters bundled() {
    String base = "/dev/diffsearch/plugins/mixture/" + BUNDLED + "/";
    try (InputStream npy = dev.diffsearch.api.io.Resources.open(MixtureFiles.class, base + "means.npy");
        InputStream json = dev.diffsearch.api.io.Resources.open(MixtureFiles.class, base + "components.json")) {
      if (npy == null || json == null) {
        throw new IllegalStateException("bundled mixture " + BUNDLED + " is missing from the plugin jar");
      }
      return parse(npy.readAllBytes(), JSON.readTree(json), "bundled:" + BUNDLED);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled mixture: " + e.getMessage(), e);
    }
  }

  /** A mixture from a directory holding {@code means.npy} and {@code components.json}. */
  public static Parameters read(Path dir) {
    Path npy = dir.resolve("means.npy");
    Path json = dir.resolve("components.json");
    if (!Files.isRegularFile(npy) || !Files.isRegularFile(json)) {
      throw new ConfigException(dir.toString(), "not a mixture directory (needs means.npy and components.json)");
    }
    try {
      return parse(Files.readAllBytes(npy), JSON.readTree(json.toFile()), dir.toString());
    } catch (IOException e) {
      throw new ConfigException(dir.toString(), "cannot read mixture: " + e.getMessage());
    }
  }

  private static Parameters parse(byte[] npyBytes, JsonNode meta, String origin) {
    Npy.Array array = Npy.decode(npyBytes, origin + "/means.npy");
    long[] shape = array.shape();
    int k = (int) shape[0];
    long[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    int dim = array.data().length / k;
    float[][] means = new float[k][dim];
    for (int i = 0; i < k; i++) {
      System.arraycopy(array.data(), i * dim, means[i], 0, dim);
    }
    double[] variances = doubles(meta.get("variances"), k, origin, "variances");
    double[] weights = doubles(meta.get("weights"), k, origin, "weights");
    double[] cls = doubles(meta.get("classes"), k, origin, "classes");
    int[] classes = new int[k];
    for (int i = 0; i < k; i++) {
      classes[i] = (int) cls[i];
    }
    int numClasses = meta.path("num-classes").asInt(0);
    if (numClasses <= 0) {
      throw new ConfigException(origin + "/components.json", "num-classes must be a positive integer");
    }
    return new Parameters(means, sample, variances, weights, classes, numClasses, meta);
  }

  private static double[] doubles(JsonNode node, int k, String origin, String key) {
    if (node == null || !node.isArray() || node.size() != k) {
      throw new ConfigException(origin + "/components.json", key + " must be a list of " + k + " numbers");
    }
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }

  /** Writes a mixture directory. */
  public static void write(Path dir, float[][] means, long[] sampleShape, double[] variances, double[] weights,
      int[] classes, int numClasses, ObjectNode provenance) throws IOException {
    Files.createDirectories(dir);
    int k = means.length;
    int dim = means[0].length;
    float[] flat = new float[k * dim];
    for (int i = 0; i < k; i++) {
      System.arraycopy(means[i], 0, flat, i * dim, dim);
    }
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = k;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    Npy.write(dir.resolve("means.npy"), flat, shape);
    ObjectNode meta = JSON.createObjectNode();
    meta.setAll(provenance);
    meta.put("num-classes", numClasses);
    ArrayNode c = meta.putArray("classes");
    ArrayNode v = meta.putArray("variances");
    ArrayNode w = meta.putArray("weights");
    for (int i = 0; i < k; i++) {
      c.add(classes[i]);
      v.add(variances[i]);
      w.add(weights[i]);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("components.json").toFile(), meta);
  }
}
