package dev.diffsearch.plugins.gemini;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.io.Png;
import dev.diffsearch.api.spi.Condition;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gemini-judge} verifier: every candidate image is sent, with its prompt (the output's own in a
 * prompt run, else its class's text from {@code prompts}), to Gemini,
 * which rates it on five axes; the score is one axis or their mean. Candidates of a batch are judged
 * concurrently (at most {@code max-in-flight} requests at once, within the rate limit), and each answer
 * is attached to the candidate id it was asked for, whatever order the answers arrive in. The API key is
 * read when the first request is about to be sent, not before: creating the verifier (as
 * {@code regenerate} does, which never scores) needs no key, nor does a batch answered from the cache.
 */
final class GeminiJudge implements Verifier {

  /**
   * The score of a candidate whose answer stayed invalid under {@code on-invalid: score-min}: one below the
   * lowest valid judgement (the axes run {@link Axis#MIN}..{@link Axis#MAX}), finite, so it never wins
   * over a judged candidate and the engine's finite-score rule holds.
   */
  static final float INVALID_SCORE = (float) (Axis.MIN - 1);

  static final String PLUGIN_ID = "gemini-judge";
  static final String NAME = "gemini-judge";

  private static final Logger LOG = LoggerFactory.getLogger(GeminiJudge.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final GeminiJudgeConfig config;
  private final Axis axis;
  private final Function<String, String> env;
  private final Ticker ticker;
  private GeminiClient client; // made by client() at the first request; guarded by this
  private final JudgeCache cache;
  private final String promptFingerprint;
  private final ThreadPoolExecutor pool;

  GeminiJudge(GeminiJudgeConfig config, Path baseDir, Function<String, String> env) {
    this(config, baseDir, env, Ticker.SYSTEM);
  }

  /** {@code ticker} paces the rate limit and the backoff: {@link Ticker#SYSTEM} but in tests. */
  GeminiJudge(GeminiJudgeConfig config, Path baseDir, Function<String, String> env, Ticker ticker) {
    this.config = config;
    this.axis = config.selectedAxis();
    this.env = env;
    this.ticker = ticker;
    this.cache = config.cache() ? new JudgeCache(cacheDir(config.cacheDir(), baseDir)) : null;
    this.promptFingerprint = Rubric.SYSTEM + "\n" + Rubric.responseSchema() + "\n" + config.temperature();
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(config.maxInFlight(), config.maxInFlight(), 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
              Thread t = new Thread(r, "gemini-judge-" + pool + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.pool.allowCoreThreadTimeOut(true); // idle threads end: a verifier has no close()
  }

  /** {@code ~} is the user's home; a relative path is resolved against the config file's folder. */
  static Path cacheDir(String dir, Path baseDir) {
    String d = dir.strip();
    Path p;
    if (d.equals("~")) {
      p = Path.of(System.getProperty("user.home"));
    } else if (d.startsWith("~/")) {
      p = Path.of(System.getProperty("user.home")).resolve(d.substring(2));
    } else {
      p = Path.of(d);
    }
    if (!p.isAbsolute() && baseDir != null) {
      p = baseDir.resolve(p);
    }
    return p.toAbsolutePath().normalize();
  }

  JudgeCache cache() {
    return cache;
  }

  /**
   * The client, made with the key at the first call: a {@link ConfigException} naming the variable when
   * the key is missing or unusable. Called on the scoring thread, before any request is sent.
   */
  private synchronized GeminiClient client() {
    if (client == null) {
      ApiKey key;
      try {
        key = ApiKey.fromEnv(config.apiKeyEnv(), env);
      } catch (ConfigException e) {
        throw new ConfigException("plugin " + PLUGIN_ID + ": verifier " + NAME + ": " + e.getMessage());
      }
      client = new GeminiClient(config, key, new RateLimiter(config.requestsPerMinute(), config.burst(), ticker), ticker);
    }
    return client;
  }

  /** A row's prompt when it has one, else the text of its class ({@code prompts}). */
  @Override
  public Needs needs() {
    return Needs.CLASS_OR_PROMPT;
  }

  @Override
  public float[] score(VerifierInput input) {
    return scoreAll(input).total();
  }

  /** The score, and each axis as a part named {@code gemini-judge.AXIS} (NaN where the answer was invalid). */
  @Override
  public VerifierScores scoreAll(VerifierInput input) {
    Shape shape = input.samples().getShape();
    if (shape.dimension() != 4 || shape.get(0) != input.size()) {
      throw new IllegalArgumentException(
          "plugin " + PLUGIN_ID + ": verifier " + NAME + ": expected samples [B, C, H, W] for " + input.size()
              + " candidates, got " + shape);
    }
    float[] data = input.samples().toFloatArray(); // one bulk copy
    List<String> texts = new java.util.ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      Condition.Prompt prompt = input.prompt(i);
      texts.add(prompt != null ? prompt.text() : promptOf(input.ids().get(i), input.classes()[i]));
    }
    return scoreAll(input.ids(), data, (int) shape.get(1), (int) shape.get(2), (int) shape.get(3), texts);
  }

  /**
   * Scores rows of {@code data} ({@code [B, C, H, W]} flattened, values in [−1, 1]); the result is in
   * the order of {@code ids}, each row's judgement looked up by its id.
   */
  VerifierScores scoreAll(List<String> ids, float[] data, int channels, int height, int width, int[] classes) {
    if (classes.length != ids.size()) {
      throw new IllegalArgumentException("plugin " + PLUGIN_ID + ": verifier " + NAME + ": " + ids.size()
          + " ids and " + classes.length + " classes do not match");
    }
    List<String> texts = new java.util.ArrayList<>(ids.size());
    for (int i = 0; i < classes.length; i++) {
      texts.add(promptOf(ids.get(i), classes[i]));
    }
    return scoreAll(ids, data, channels, height, width, texts);
  }

  /** As {@link #scoreAll(List, float[], int, int, int, int[])}, each row judged against its text prompt. */
  VerifierScores scoreAll(List<String> ids, float[] data, int channels, int height, int width, List<String> prompts) {
    Map<String, Judgement> byId = judgeAll(ids, data, channels, height, width, prompts);
    float[] total = new float[ids.size()];
    Map<String, float[]> parts = new LinkedHashMap<>();
    for (Axis a : Axis.values()) {
      parts.put(NAME + "." + a.configName, new float[ids.size()]);
    }
    for (int i = 0; i < total.length; i++) {
      if (!byId.containsKey(ids.get(i))) {
        throw new IllegalStateException("no judgement for candidate " + ids.get(i));
      }
      Judgement j = byId.get(ids.get(i)); // null: invalid, and on-invalid is score-min
      total[i] = j == null ? INVALID_SCORE : j.score(axis);
      for (Axis a : Axis.values()) {
        parts.get(NAME + "." + a.configName)[i] = j == null ? Float.NaN : (float) (double) j.scores().get(a);
      }
    }
    return new VerifierScores(total, parts);
  }

  float[] score(List<String> ids, float[] data, int channels, int height, int width, int[] classes) {
    return scoreAll(ids, data, channels, height, width, classes).total();
  }

  /** One pending request: a distinct (prompt, image) pair and the candidates that share it. */
  private static final class Job {
    final String key;
    final String prompt;
    final byte[] png;
    final List<String> ids = new ArrayList<>();

    Job(String key, String prompt, byte[] png) {
      this.key = key;
      this.prompt = prompt;
      this.png = png;
    }
  }

  /** A job's result: a judgement, or the reason its answer stayed invalid. */
  private record Result(Job job, Judgement judgement, String invalid) {}

  /** Each id's judgement; an id maps to null when its answer stayed invalid and on-invalid is score-min. */
  private Map<String, Judgement> judgeAll(List<String> ids, float[] data, int channels, int height, int width, List<String> prompts) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("plugin " + PLUGIN_ID + ": verifier " + NAME
          + " judges greyscale (1 channel) or RGB (3 channels) images, got " + channels + " channels");
    }
    int size = channels * height * width;
    if (data.length != ids.size() * size || prompts.size() != ids.size()) {
      throw new IllegalArgumentException("plugin " + PLUGIN_ID + ": verifier " + NAME + ": " + ids.size()
          + " ids, " + prompts.size() + " prompts and " + data.length + " values of size " + size + " do not match");
    }
    Map<String, Judgement> byId = new HashMap<>();
    Map<String, Job> jobs = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (!seen.add(id)) {
        throw new IllegalArgumentException("plugin " + PLUGIN_ID + ": verifier " + NAME + ": candidate id " + id
            + " appears twice in one batch; scores are keyed by id");
      }
      String prompt = prompts.get(i);
      float[] row = new float[size];
      System.arraycopy(data, i * size, row, 0, size);
      byte[] png = Png.encode(upscale(row, channels, height, width, config.upscale()), channels,
          height * config.upscale(), width * config.upscale());
      String text = Rubric.userText(prompt);
      String key = JudgeCache.key(config.model(), promptFingerprint + "\n" + text, png);
      Judgement cached = cache == null ? null : cache.get(key);
      if (cached != null) {
        byId.put(id, cached);
        continue;
      }
      jobs.computeIfAbsent(key, k -> new Job(k, prompt, png)).ids.add(id);
    }
    if (jobs.isEmpty()) {
      return byId;
    }
    LOG.debug("gemini-judge: {} candidates, {} from the cache, {} requests", ids.size(), ids.size() - countIds(jobs), jobs.size());
    GeminiClient client = client(); // the key is needed from here on
    ExecutorCompletionService<Result> done = new ExecutorCompletionService<>(pool);
    List<Future<Result>> futures = new ArrayList<>();
    for (Job job : jobs.values()) {
      futures.add(done.submit(() -> run(client, job)));
    }
    try {
      for (int n = 0; n < futures.size(); n++) {
        Result r = take(done);
        for (String id : r.job.ids) {
          if (r.judgement != null) {
            byId.put(id, r.judgement);
          } else if (config.scoreMinOnInvalid()) {
            LOG.warn("plugin {}: verifier {}: candidate {} scores " + INVALID_SCORE + " (on-invalid: score-min): {}",
                PLUGIN_ID, NAME, id, r.invalid);
            byId.put(id, null);
          } else {
            throw new JudgeException(id, r.invalid + " (set on-invalid: score-min to score such candidates " + INVALID_SCORE + " instead)");
          }
        }
      }
    } finally {
      for (Future<Result> f : futures) {
        f.cancel(true); // no-op for finished ones; stops the rest when one failed
      }
    }
    return byId;
  }

  private static int countIds(Map<String, Job> jobs) {
    return jobs.values().stream().mapToInt(j -> j.ids.size()).sum();
  }

  private static Result take(ExecutorCompletionService<Result> done) {
    try {
      return done.take().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JudgeException(null, "interrupted while waiting for answers");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new JudgeException(null, String.valueOf(cause));
    } catch (CancellationException e) {
      throw new JudgeException(null, "request cancelled");
    }
  }

  /** Asks for one judgement; an invalid answer is asked again once. */
  private Result run(GeminiClient client, Job job) throws InterruptedException {
    byte[] body;
    try {
      body = Rubric.JSON.writeValueAsBytes(Rubric.requestBody(Rubric.userText(job.prompt), job.png, config.temperature()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String label = String.join(",", job.ids);
    String invalid = null;
    for (int ask = 1; ask <= 2; ask++) {
      String response;
      try {
        response = client.generate(body, label);
      } catch (GeminiClient.RequestFailedException e) {
        throw new JudgeException(label, e.getMessage());
      }
      try {
        Judgement j = Judgement.fromResponse(response);
        if (cache != null) {
          cache.put(job.key, j, config.model());
        }
        return new Result(job, j, null);
      } catch (Judgement.InvalidAnswerException e) {
        invalid = e.getMessage();
        LOG.debug("gemini-judge: candidate {}: invalid answer ({}), ask {} of 2", label, invalid, ask);
      }
    }
    return new Result(job, null, "invalid answer twice: " + invalid);
  }

  private String promptOf(String id, int label) {
    List<String> prompts = config.prompts();
    if (label < 0 || label >= prompts.size()) {
      throw new ConfigException("plugin " + PLUGIN_ID + ": verifier " + NAME + ": candidate " + id
          + (label < 0 ? " has no class" : " is of class " + label) + ", but prompts has " + prompts.size()
          + " entries (one text prompt per class, in label order)");
    }
    return prompts.get(label);
  }

  /** Nearest-neighbour enlargement by an integer factor, C·H·W order kept. */
  static float[] upscale(float[] chw, int channels, int height, int width, int factor) {
    if (factor == 1) {
      return chw;
    }
    int w2 = width * factor;
    int h2 = height * factor;
    float[] out = new float[channels * h2 * w2];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h2; y++) {
        int src = c * height * width + (y / factor) * width;
        int dst = c * h2 * w2 + y * w2;
        for (int x = 0; x < w2; x++) {
          out[dst + x] = chw[src + x / factor];
        }
      }
    }
    return out;
  }

  /** The run stops: one line naming the plugin, the verifier and the candidate. */
  static final class JudgeException extends RuntimeException {
    JudgeException(String candidate, String reason) {
      super("plugin " + PLUGIN_ID + ": verifier " + NAME + (candidate == null ? "" : ": candidate " + candidate) + ": "
          + reason);
    }
  }
}
