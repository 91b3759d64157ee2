package dev.diffsearch.api.io;

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
  void npyWhoseHeaderRunsPastTheEndIsOneLineNamingTheFile() {
    byte[] bytes = Npy.encode(new float[] {1f, 2f}, 2);
    bytes[8] = (byte) 0xFF; // header length 0xFFFF, the file is 80 bytes
    bytes[9] = (byte) 0xFF;
    assertThatThrownBy(() -> Npy.decode(bytes, "noises/x.npy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noises/x.npy: header length 65535 runs past the end of the file (" + bytes.length + " bytes)");
  }

  @Test
  void npyWithABadVersionShapeOrDataLengthIsOneLineNamingTheFile() {
    byte[] good = Npy.encode(new float[] {1f, 2f, 3f, 4f}, 2, 2);
    byte[] v9 = good.clone();
    v9[6] = 9;
    byte[] v2 = good.clone(); // version 2.0 reads a 4-byte length: bytes 8..11, here far past the end
    v2[6] = 2;
    byte[] shape = new String(good, StandardCharsets.ISO_8859_1).replace("(2, 2)", "(2, x)")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] huge = new String(good, StandardCharsets.ISO_8859_1).replace("(2, 2)", "(9999999999, 9999999999)")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> Npy.decode(v9, "a.npy")).hasMessage("a.npy: unsupported .npy format version 9");
    assertThatThrownBy(() -> Npy.decode(v2, "a.npy")).hasMessageStartingWith("a.npy: header length ");
    assertThatThrownBy(() -> Npy.decode(shape, "a.npy")).hasMessage("a.npy: bad shape (2, x) in header");
    assertThatThrownBy(() -> Npy.decode(huge, "a.npy")).hasMessageStartingWith("a.npy: bad shape (9999999999, ");
    assertThatThrownBy(() -> Npy.decode(cut, "a.npy")).hasMessage("a.npy: expected 4 floats, file holds 13 bytes of data");
    for (byte[] bad : java.util.List.of(v9, v2, shape, huge, cut)) {
      assertThatThrownBy(() -> Npy.decode(bad, "a.npy")).isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
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
