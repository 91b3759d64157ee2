package dev.diffsearch.plugins.shapes.clip;

import ai.djl.ndarray.NDManager;
import dev.diffsearch.nets.TrainLoop;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A training task that reads the frozen dual encoder (the denoisers' conditioning, the verifiers' heads): it
 * opens the encoder once, in its own manager, and closes it with the task.
 */
public abstract class OnEncoder implements TrainLoop.Task, AutoCloseable {

  private final NDManager encoderManager = NDManager.newBaseManager();
  private final DualEncoder encoder;

  /** @param encoderWeights the dual encoder to read; null: the shipped one */
  protected OnEncoder(Path encoderWeights) throws IOException {
    try {
      this.encoder = DualEncoder.open(encoderManager, encoderWeights);
    } catch (IOException | RuntimeException e) {
      encoderManager.close();
      throw e;
    }
  }

  /** The frozen encoder. */
  protected final DualEncoder encoder() {
    return encoder;
  }

  /** Where the encoder's parameters live (temporaries of encodings go below it). */
  protected final NDManager encoderManager() {
    return encoderManager;
  }

  @Override
  public void close() {
    encoderManager.close();
  }
}
