package dev.diffsearch.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class NpyAndPngTest {

  @Test
  void npyVersionOneFloat32RoundTripsWithAHeaderAlignedTo64Bytes() {
    float[] data = {1.5f, -2f, 3.25f, 0f, 7f, -0.125f};
    byte[] bytes = Npy.encode(data, 1, 2, 3);
    assertThat(bytes[6]).isEqualTo((byte) 1);
    assertThat(bytes[7]).isEqualTo((byte) 0);
    int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertThat((10 + headerLen) % 64).isZero();
    String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '<f4'", "'fortran_order': False", "'shape': (1, 2, 3)").endsWith("\n");
    Npy.Array back = Npy.decode(bytes, "test");
    assertThat(back.shape()).containsExactly(1, 2, 3);
    assertThat(back.data()).containsExactly(data);
  }

  @Test
  void npyRejectsOtherFilesClearly() {
    assertThatThrownBy(() -> Npy.decode("hello world".getBytes(), "x.npy")).hasMessageContaining("x.npy: not a .npy file");
  }

  @Test
  void pngMapsMinusOneToBlackAndOneToWhite() throws Exception {
    float[] chw = {-1f, 1f, 0f, -2f};
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.encode(chw, 1, 2, 2)));
    assertThat(img.getRaster().getSample(0, 0, 0)).isEqualTo(0);
    assertThat(img.getRaster().getSample(1, 0, 0)).isEqualTo(255);
    assertThat(img.getRaster().getSample(0, 1, 0)).isEqualTo(128);
    assertThat(img.getRaster().getSample(1, 1, 0)).isEqualTo(0);
  }
}
