package dev.diffsearch.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @TempDir Path dir;

  private static byte[] idx(int type, int[] dims, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(body);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(raw);
    }
    return bytes.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  @Test
  void readsImagesAndLabelsGzippedOrPlain() throws IOException {
    byte[] pixels = new byte[2 * 3 * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 10);
    }
    pixels[5] = (byte) 255;
    Idx.Images images = Idx.readImages(file("i.gz", gzip(idx(8, new int[] {2, 3, 4}, pixels))));
    assertThat(images.count()).isEqualTo(2);
    assertThat(images.rows()).isEqualTo(3);
    assertThat(images.cols()).isEqualTo(4);
    assertThat(images.scaled(0)[0]).isEqualTo(-1f);
    assertThat(images.scaled(0)[5]).isEqualTo(1f);
    assertThat(images.scaled(1)[0]).isEqualTo(Idx.scale(120));
    Idx.Images plain = Idx.readImages(file("i.idx", idx(8, new int[] {2, 3, 4}, pixels)));
    assertThat(plain.pixels()).isEqualTo(pixels);
    int[] labels = Idx.readLabels(file("l.gz", gzip(idx(8, new int[] {3}, new byte[] {7, 0, (byte) 200}))));
    assertThat(labels).containsExactly(7, 0, 200);
  }

  @Test
  void scalingMatchesTheMixtureConvention() {
    assertThat(Idx.scale(0)).isEqualTo(-1f);
    assertThat(Idx.scale(255)).isEqualTo(1f);
    assertThat(Idx.scale(51)).isEqualTo(51 / 127.5f - 1f);
  }

  @Test
  void headerChecksNameTheFile() throws IOException {
    Path badMagic = file("magic.gz", gzip(new byte[] {1, 2, 8, 3, 0, 0, 0, 1}));
    assertThatThrownBy(() -> Idx.readImages(badMagic)).isInstanceOf(IdxException.class)
        .hasMessageStartingWith(badMagic.toString()).hasMessageContaining("not an IDX file");
    Path labelsAsImages = file("dims.gz", gzip(idx(8, new int[] {3}, new byte[3])));
    assertThatThrownBy(() -> Idx.readImages(labelsAsImages)).hasMessageContaining("has 1 dimensions");
    Path floats = file("type.gz", gzip(idx(0x0d, new int[] {1}, new byte[4])));
    assertThatThrownBy(() -> Idx.readLabels(floats)).hasMessageContaining("element type 0x0d");
    Path zero = file("zero.gz", gzip(idx(8, new int[] {0, 28, 28}, new byte[0])));
    assertThatThrownBy(() -> Idx.readImages(zero)).hasMessageContaining("dimension 0 is 0");
    Path shortHeader = file("short.gz", gzip(new byte[] {0, 0}));
    assertThatThrownBy(() -> Idx.readImages(shortHeader)).hasMessageContaining("truncated");
  }

  @Test
  void truncatedOrTrailingDataIsAnError() throws IOException {
    Path truncated = file("t.gz", gzip(idx(8, new int[] {2, 28, 28}, new byte[28 * 28 + 5])));
    assertThatThrownBy(() -> Idx.readImages(truncated))
        .hasMessage(truncated + ": truncated: header promises 1568 data bytes, file has 789");
    Path trailing = file("x.gz", gzip(idx(8, new int[] {2}, new byte[3])));
    assertThatThrownBy(() -> Idx.readLabels(trailing)).hasMessageContaining("trailing data");
  }

  @Test
  void corruptGzipIsAOneLineErrorNamingTheFile() throws IOException {
    byte[] good = gzip(idx(8, new int[] {4, 28, 28}, new byte[4 * 28 * 28]));
    byte[] bad = good.clone();
    for (int i = 20; i < bad.length - 8; i++) {
      bad[i] ^= 0x5a;
    }
    Path p = file("corrupt.gz", bad);
    assertThatThrownBy(() -> Idx.readImages(p)).isInstanceOf(IdxException.class)
        .hasMessageStartingWith(p + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    Path half = file("half.gz", cut);
    assertThatThrownBy(() -> Idx.readImages(half)).hasMessageStartingWith(half + ": ").hasMessageContaining("truncated");
  }

  @Test
  void aMissingFileIsNamedWithTheCallersInstallHint() {
    Path missing = dir.resolve("train-images-idx3-ubyte.gz");
    assertThatThrownBy(() -> Idx.readImages(missing)).isInstanceOf(IdxException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> Idx.readLabels(missing, "apt-get install -y some-dataset"))
        .hasMessage(missing + ": no such file (install it with: apt-get install -y some-dataset)");
  }
}
