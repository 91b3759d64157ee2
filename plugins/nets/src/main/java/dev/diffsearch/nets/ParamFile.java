package dev.diffsearch.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small tensor file: named float32 arrays plus a JSON metadata string. Layout (big-endian header,
 * little-endian data): magic {@code DSPW}, version 1, metadata (UTF), count, then per tensor its name
 * (UTF), rank, dims (longs) and {@code size} floats. Used for the shipped weights and for checkpoints.
 */
public final class ParamFile {

  private static final int MAGIC = 0x44535057; // "DSPW"
  private static final int VERSION = 1;

  /** One named tensor. */
  public record Tensor(long[] shape, float[] data) {
    public Shape djlShape() {
      return new Shape(shape);
    }
  }

  /**
   * Initialises {@code block} in {@code manager} (for {@code inputShapes}) and loads its weights: from
   * {@code file} when not null, else from the resource {@code resource} of {@code owner}'s jar (a missing
   * resource is an IOException ending with {@code howToMake}, e.g. the command that trains the weights).
   */
  public static <B extends Block> B load(B block, ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.Shape[] inputShapes,
      Path file, Class<?> owner, String resource, String howToMake) throws IOException {
    Contents contents;
    String source;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + ": no such weights file");
      }
      contents = read(file);
      source = file.toString();
    } else {
      try (InputStream in = dev.diffsearch.api.io.Resources.open(owner, resource)) {
        if (in == null) {
          throw new IOException("the plugin jar ships no weights " + resource + "; " + howToMake);
        }
        contents = read(in, "jar:" + resource);
      }
      source = "jar:" + resource;
    }
    block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, inputShapes);
    load(block, contents.tensors(), "", source);
    return block;
  }

  /** A file's contents. */
  public record Contents(String metadata, Map<String, Tensor> tensors) {}

  private ParamFile() {}

  public static void write(Path file, String metadata, Map<String, Tensor> tensors) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp)) {
      write(raw, metadata, tensors);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static void write(OutputStream raw, String metadata, Map<String, Tensor> tensors) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    byte[] meta = metadata.getBytes(StandardCharsets.UTF_8);
    out.writeInt(meta.length);
    out.write(meta);
    out.writeInt(tensors.size());
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      out.writeUTF(e.getKey());
      long[] shape = e.getValue().shape();
      out.writeInt(shape.length);
      for (long d : shape) {
        out.writeLong(d);
      }
      float[] data = e.getValue().data();
      ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(data);
      out.write(buf.array());
    }
    out.flush();
  }

  public static Contents read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  public static Contents read(InputStream raw, String source) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    try {
      if (in.readInt() != MAGIC) {
        throw new IOException(source + ": not a diffsearch weights file (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(source + ": unsupported weights file version " + version);
      }
      byte[] meta = new byte[in.readInt()];
      in.readFully(meta);
      int count = in.readInt();
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rank = in.readInt();
        long[] shape = new long[rank];
        long size = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
          size *= shape[d];
        }
        if (size < 0 || size > Integer.MAX_VALUE / 4) {
          throw new IOException(source + ": implausible tensor size for " + name);
        }
        byte[] bytes = new byte[(int) size * 4];
        in.readFully(bytes);
        float[] data = new float[(int) size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        tensors.put(name, new Tensor(shape, data));
      }
      return new Contents(new String(meta, StandardCharsets.UTF_8), tensors);
    } catch (java.io.EOFException e) {
      throw new IOException(source + ": truncated weights file");
    }
  }

  /** The block's parameters, copied out, by name. */
  public static Map<String, Tensor> snapshot(Block block) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (var e : block.getParameters()) {
      NDArray a = e.getValue().getArray();
      out.put(e.getKey(), new Tensor(a.getShape().getShape(), a.toFloatArray()));
    }
    return out;
  }

  /**
   * Copies {@code tensors} (names with an optional prefix) into the block's initialised parameters;
   * every parameter must be present with the same shape.
   */
  public static void load(Block block, Map<String, Tensor> tensors, String prefix, String source) throws IOException {
    List<String> problems = new ArrayList<>();
    for (var e : block.getParameters()) {
      Parameter p = e.getValue();
      Tensor t = tensors.get(prefix + e.getKey());
      NDArray a = p.getArray();
      if (t == null) {
        problems.add("missing " + e.getKey());
      } else if (!a.getShape().equals(t.djlShape())) {
        problems.add(e.getKey() + " has shape " + t.djlShape() + ", network wants " + a.getShape());
      } else {
        a.set(t.data());
      }
      if (problems.size() > 3) {
        break;
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(source + ": weights do not fit the network (" + String.join("; ", problems) + ")");
    }
  }
}
