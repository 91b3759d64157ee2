package dev.diffsearch.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Image grids: a run's kept samples tiled, scaled up (nearest neighbour) to be seen, as PNG. */
final class Grids {

  /** Tiles smaller than this are scaled up by a whole factor. */
  private static final int MIN_TILE = 56;
  private static final int GAP = 2;

  private Grids() {}

  /**
   * The first {@code max} of {@code images} in rows of {@code perRow}, as PNG bytes; null when none can be read.
   * An unreadable image is a grey tile (the grid shows the gap, the report still renders).
   */
  static byte[] grid(List<Path> images, int perRow, int max) throws IOException {
    List<BufferedImage> tiles = new ArrayList<>();
    int w = 0;
    int h = 0;
    for (Path p : images.subList(0, Math.min(max, images.size()))) {
      BufferedImage img = Files.isRegularFile(p) ? ImageIO.read(p.toFile()) : null;
      tiles.add(img);
      if (img != null) {
        w = Math.max(w, img.getWidth());
        h = Math.max(h, img.getHeight());
      }
    }
    if (w == 0) {
      return null;
    }
    int scale = Math.max(1, (int) Math.ceil(MIN_TILE / (double) Math.max(w, h)));
    int cols = Math.min(perRow, tiles.size());
    int rows = (tiles.size() + cols - 1) / cols;
    int tw = w * scale;
    int th = h * scale;
    BufferedImage out = new BufferedImage(cols * (tw + GAP) + GAP, rows * (th + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    for (int i = 0; i < tiles.size(); i++) {
      int x = GAP + (i % cols) * (tw + GAP);
      int y = GAP + (i / cols) * (th + GAP);
      if (tiles.get(i) == null) {
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(x, y, tw, th);
      } else {
        g.drawImage(tiles.get(i), x, y, tw, th, null);
      }
    }
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(out, "png", bytes);
    return bytes.toByteArray();
  }
}
