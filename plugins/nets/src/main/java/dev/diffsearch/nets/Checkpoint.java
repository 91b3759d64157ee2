package dev.diffsearch.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint of {@link TrainLoop}: weights ({@code param/}), their moving average ({@code ema/}),
 * Adam's moments ({@code m/}, {@code v/}) and, in the metadata, the network's name, the step, the seconds
 * of training and the history of evaluations.
 *
 * @param history the evaluations so far, JSON objects separated by commas
 */
record Checkpoint(int step, double seconds, String history) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static void write(Path file, String id, Block net, Map<String, NDArray> ema, Adam adam, int step, double seconds,
      String history) throws IOException {
    Map<String, ParamFile.Tensor> t = new LinkedHashMap<>();
    for (var e : net.getParameters()) {
      String name = e.getKey();
      NDArray w = e.getValue().getArray();
      long[] shape = w.getShape().getShape();
      t.put("param/" + name, new ParamFile.Tensor(shape, w.toFloatArray()));
      t.put("ema/" + name, new ParamFile.Tensor(shape, ema.get(name).toFloatArray()));
      NDArray[] mv = adam.moments().get(e.getValue().getId());
      if (mv != null) {
        t.put("m/" + name, new ParamFile.Tensor(shape, mv[0].toFloatArray()));
        t.put("v/" + name, new ParamFile.Tensor(shape, mv[1].toFloatArray()));
      }
    }
    String meta = String.format("{\"net\": \"%s\", \"step\": %d, \"seconds\": %.3f, \"history\": [%s]}", id, step, seconds,
        history);
    ParamFile.write(file, meta, t);
  }

  /** Loads {@code file} into {@code net}, {@code ema} and {@code adam}; refuses another network's checkpoint. */
  static Checkpoint read(Path file, String id, Block net, Map<String, NDArray> ema, Adam adam) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no checkpoint to resume from");
    }
    ParamFile.Contents c = ParamFile.read(file);
    JsonNode meta = JSON.readTree(c.metadata());
    if (!meta.path("net").asText().equals(id)) {
      throw new IOException(file + ": is a checkpoint of " + meta.path("net").asText() + ", not " + id);
    }
    ParamFile.load(net, c.tensors(), "param/", file.toString());
    for (var e : net.getParameters()) {
      String name = e.getKey();
      ParamFile.Tensor w = c.tensors().get("ema/" + name);
      if (w == null) {
        throw new IOException(file + ": no moving average of " + name);
      }
      ema.get(name).set(w.data());
      ParamFile.Tensor m = c.tensors().get("m/" + name);
      ParamFile.Tensor v = c.tensors().get("v/" + name);
      if (m != null && v != null) {
        adam.restore(e.getValue().getId(), m.data(), v.data(), m.djlShape());
      }
    }
    StringBuilder history = new StringBuilder();
    for (JsonNode h : meta.path("history")) {
      history.append(history.length() == 0 ? "" : ", ").append(h.toString());
    }
    return new Checkpoint(meta.path("step").asInt(), meta.path("seconds").asDouble(), history.toString());
  }
}
