package dev.diffsearch.plugins.shapes.world;

/** Which side of the {@link HeldOut} split a sampler draws from. */
public enum Split {
  /** Scenes without any held-out composition: what models are trained on. */
  TRAINING,
  /** Scenes with at least one held-out composition: for testing generalisation. */
  HELD_OUT;

  /** Whether {@code scene} belongs to this split. */
  public boolean accepts(Scene scene) {
    return HeldOut.contains(scene) == (this == HELD_OUT);
  }
}
