package dev.diffsearch.api.spi;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The conditions of a batch's rows, with what the backend made of them in {@link Denoiser#encode}. The
 * engine encodes an output's conditions once and passes the same encoding with every call for that
 * output; row {@code i} is conditioned on {@code conditions.get(rows[i])}, the condition the encoding's
 * entry {@code rows[i]} was made from.
 *
 * @param conditions the distinct conditions that were encoded, in encoding order
 * @param encoding what {@link Denoiser#encode} returned for {@code conditions} (null: no encoding)
 * @param rows for each row of the batch, the index of its condition in {@code conditions}
 */
public record Conditioning(List<Condition> conditions, Object encoding, int[] rows) {

  public Conditioning {
    conditions = List.copyOf(conditions);
    for (int r : rows) {
      if (r < 0 || r >= conditions.size()) {
        throw new IllegalArgumentException("row condition " + r + " is not one of " + conditions.size());
      }
    }
  }

  /** {@code size} rows all conditioned on {@code condition}, encoded as {@code encoding}. */
  public static Conditioning repeat(Condition condition, Object encoding, int size) {
    return new Conditioning(List.of(condition), encoding, new int[size]);
  }

  /** Rows with these class labels, no encoding: how a class-label batch is spelled. */
  public static Conditioning ofClasses(int[] classes) {
    List<Condition> conditions = Condition.ofClasses(classes);
    int[] rows = new int[classes.length];
    Arrays.setAll(rows, i -> i);
    return new Conditioning(conditions, null, rows);
  }

  /** Rows in the batch. */
  public int size() {
    return rows.length;
  }

  /** The condition of row {@code i}. */
  public Condition row(int i) {
    return conditions.get(rows[i]);
  }

  /** Each row's condition, in row order. */
  public List<Condition> perRow() {
    Condition[] out = new Condition[rows.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = row(i);
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  /** Each row's class label ({@link Denoiser#UNCONDITIONAL} for none): the view class-label models read. */
  public int[] classes() {
    int[] out = new int[rows.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = row(i).classLabel();
    }
    return out;
  }
}
