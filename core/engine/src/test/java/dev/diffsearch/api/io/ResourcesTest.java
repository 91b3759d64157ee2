package dev.diffsearch.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two class loaders of one plugin jar, as two runs of a sweep have: the one that closes first (its run ended)
 * closes the JDK's cached jar file, and a stream of the other from {@code getResourceAsStream} dies with it,
 * while a stream from {@link Resources#open} reads on to the end.
 */
class ResourcesTest {

  @TempDir Path dir;

  @Test
  void aStreamOutlivesAnotherClassLoaderOfTheSameJarClosing() throws IOException {
    byte[] weights = new byte[1 << 20];
    new Random(7).nextBytes(weights); // incompressible: read in many inflater calls
    Path jar = dir.resolve("plugin.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("weights/w.params"));
      out.write(weights);
      out.closeEntry();
    }
    URL[] urls = {jar.toUri().toURL()};

    // the JDK's behaviour this class exists for: the loader that closes takes the other's stream with it
    try (URLClassLoader reading = new URLClassLoader(urls, null);
        InputStream in = reading.getResourceAsStream("weights/w.params")) {
      in.readNBytes(1000);
      closeAfterReading(urls);
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    try (URLClassLoader reading = new URLClassLoader(urls, null);
        InputStream in = Resources.open(reading.getResource("weights/w.params"))) {
      byte[] head = in.readNBytes(1000);
      closeAfterReading(urls);
      byte[] rest = in.readAllBytes();
      byte[] all = Arrays.copyOf(head, head.length + rest.length);
      System.arraycopy(rest, 0, all, head.length, rest.length);
      assertThat(all).isEqualTo(weights);
      assertThat(Resources.open(reading.getResource("weights/none.params"))).isNull();
    }
  }

  /** Another loader of the jar reads the resource and closes: a run that ends beside one still loading. */
  private static void closeAfterReading(URL[] urls) throws IOException {
    URLClassLoader other = new URLClassLoader(urls, null);
    other.getResourceAsStream("weights/w.params").close();
    other.close();
  }
}
