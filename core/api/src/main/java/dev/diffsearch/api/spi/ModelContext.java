package dev.diffsearch.api.spi;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;

/**
 * What a backend may use while opening a model.
 *
 * @param manager owns every native array the model keeps for the run
 * @param baseDir the folder that relative paths in the config are resolved against (the config file's)
 */
public record ModelContext(NDManager manager, Path baseDir) {}
