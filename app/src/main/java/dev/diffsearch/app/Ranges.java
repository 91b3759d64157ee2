package dev.diffsearch.app;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Range-checked number converters for command options ({@code @Option(converter = Ranges.Positive.class)}).
 * A bad value is a picocli parameter error: one line naming the option and the value, exit code 2.
 */
final class Ranges {

  private Ranges() {}

  static int parseInt(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
  }

  static double parseFinite(String value) {
    double d;
    try {
      d = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number");
    }
    if (!Double.isFinite(d)) {
      throw new TypeConversionException("must be finite, got " + value);
    }
    return d;
  }

  /** A whole number of at least 1 (batch sizes, steps, candidates, rounds). */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n = parseInt(value);
      if (n < 1) {
        throw new TypeConversionException("must be at least 1, got " + n);
      }
      return n;
    }
  }

  /** A finite number of at least 0 (seconds). */
  static final class NonNegative implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      double d = parseFinite(value);
      if (d < 0) {
        throw new TypeConversionException("must be at least 0, got " + value);
      }
      return d;
    }
  }
}
