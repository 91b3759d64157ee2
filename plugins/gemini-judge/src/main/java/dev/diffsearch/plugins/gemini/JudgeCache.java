package dev.diffsearch.plugins.gemini;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judgements on disk, one small JSON file per key: {@code DIR/ab/abcdef….json}, where the key is the
 * SHA-256 of everything that decides the answer (model, the whole prompt text: rubric, candidate text,
 * answer schema and temperature, and the PNG bytes). Files are written to a temporary name and moved
 * into place, so a reader never sees half a file; an unreadable or invalid entry is a miss.
 */
final class JudgeCache {

  private static final Logger LOG = LoggerFactory.getLogger(JudgeCache.class);
  private static final String VERSION = "gemini-judge-cache/1";

  private final Path dir;
  private final AtomicBoolean warnedWrite = new AtomicBoolean();

  JudgeCache(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The cache key of one request: hex SHA-256 of the length-prefixed fields. */
  static String key(String model, String promptText, byte[] png) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    field(sha, VERSION.getBytes(StandardCharsets.UTF_8));
    field(sha, model.getBytes(StandardCharsets.UTF_8));
    field(sha, promptText.getBytes(StandardCharsets.UTF_8));
    field(sha, png);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void field(MessageDigest sha, byte[] bytes) {
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
    sha.update(bytes);
  }

  private Path file(String key) {
    return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
  }

  /** The cached judgement of {@code key}, or null. */
  Judgement get(String key) {
    Path f = file(key);
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.debug("gemini-judge: cannot read cache entry {}: {}", f, e.toString());
      return null;
    }
    try {
      return Judgement.fromAnswer(text);
    } catch (Judgement.InvalidAnswerException e) {
      LOG.debug("gemini-judge: ignoring invalid cache entry {}: {}", f, e.getMessage());
      return null;
    }
  }

  /** Keeps {@code judgement} under {@code key}; a failure to write is a warning (once), not an error. */
  void put(String key, Judgement judgement, String model) {
    Path f = file(key);
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), key.substring(0, 8), ".tmp");
      try {
        Files.writeString(tmp, Rubric.JSON.writeValueAsString(judgement.toJson(model)), StandardCharsets.UTF_8);
        try {
          Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      if (warnedWrite.compareAndSet(false, true)) {
        LOG.warn("gemini-judge: cannot write the answer cache in {} ({}); answers will not be reused", dir, e.toString());
      }
    }
  }
}
