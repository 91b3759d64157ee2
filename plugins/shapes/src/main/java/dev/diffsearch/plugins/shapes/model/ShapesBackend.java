package dev.diffsearch.plugins.shapes.model;

import dev.diffsearch.api.spi.ModelBackend;
import org.pf4j.Extension;

/**
 * {@code shapes}: the text-conditional EDM denoisers of the shapes world ({@code variant: s} shapes-s,
 * {@code l} shapes-l), conditioned on prompts through the frozen dual encoder; weights shipped in the jar.
 */
@Extension
public final class ShapesBackend extends ModelBackend.Of<ShapesConfig> {

  public ShapesBackend() {
    super("shapes", "text-to-image EDM U-Net of the shapes world, prompts through its dual encoder (variant s or l), DJL",
        ShapesConfig.class, ShapesModels::open);
  }
}
