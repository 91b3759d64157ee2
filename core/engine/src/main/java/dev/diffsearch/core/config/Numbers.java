package dev.diffsearch.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * The one place numbers of a config are checked for what no config record could want: a float or
 * double that is not finite ({@code .inf}, {@code .nan}, {@code 1e400}), an integer beyond its Java type
 * ({@code 2147483648} for an {@code int}). In the YAML text, every number is checked as it is read
 * ({@link #finiteOnly}); in binding, every {@code double}, {@code float}, {@code int} and {@code long}
 * of every config record ({@link #module}). Ranges are then each record's own check.
 */
final class Numbers {

  /** YAML 1.1's spellings of infinity and not-a-number, which Jackson cannot read as numbers. */
  private static final Pattern NON_NUMERIC = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  private Numbers() {}

  /** A bad number bound into a config record: the message is the complaint, the path Jackson's. */
  static final class BadNumberException extends JsonMappingException {
    BadNumberException(JsonParser p, String message) {
      super(p, message);
    }
  }

  /** Deserializers of every floating-point and integer type that refuse non-finite and overflowing values. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("diffsearch-numbers");
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(
          DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
        Class<?> type = description.getBeanClass();
        return isChecked(type) ? new Checked(deserializer, type) : deserializer;
      }
    });
    return module;
  }

  private static boolean isChecked(Class<?> type) {
    return type == double.class || type == Double.class || type == float.class || type == Float.class
        || type == int.class || type == Integer.class || type == long.class || type == Long.class;
  }

  /** The standard deserializer of a number type, with the checks around it. */
  private static final class Checked extends DelegatingDeserializer {
    private final Class<?> type;

    Checked(JsonDeserializer<?> delegate, Class<?> type) {
      super(delegate);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Checked(delegate, type);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      boolean isInt = type == int.class || type == Integer.class;
      boolean isLong = type == long.class || type == Long.class;
      if ((isInt || isLong) && p.currentToken() == JsonToken.VALUE_NUMBER_INT
          && p.getNumberType() != JsonParser.NumberType.INT) {
        java.math.BigInteger v = p.getBigIntegerValue();
        if (v.bitLength() > (isInt ? 31 : 63)) {
          boolean negative = v.signum() < 0;
          long bound = isInt ? (negative ? Integer.MIN_VALUE : Integer.MAX_VALUE)
              : (negative ? Long.MIN_VALUE : Long.MAX_VALUE);
          throw new BadNumberException(p, "must be at " + (negative ? "least " : "most ") + bound + ", got " + v);
        }
      }
      Object value = super.deserialize(p, ctxt);
      if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
        throw new BadNumberException(p, "must be finite, got " + p.getText()
            + (value instanceof Float && p.currentToken().isNumeric() && Double.isFinite(p.getDoubleValue())
                ? " (beyond the range of a float)" : ""));
      }
      return value;
    }
  }

  /**
   * {@code parser}, whose floating-point numbers must be finite: {@code .inf}, {@code -.inf}, {@code .nan}
   * and numbers too large for a double are refused as they are read, with their YAML path (under
   * {@code base}, the path of the text's root) and as they were written.
   */
  static JsonParser finiteOnly(JsonParser parser, String base) {
    return new JsonParserDelegate(parser) {
      @Override
      public JsonToken nextToken() throws IOException {
        JsonToken t = delegate.nextToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
          String text = delegate.getText();
          double value;
          try {
            value = delegate.getDoubleValue();
          } catch (StreamReadException e) {
            if (!NON_NUMERIC.matcher(text.trim()).matches()) {
              throw e;
            }
            value = Double.NaN;
          }
          if (!Double.isFinite(value)) {
            throw new ConfigException(pathOf(delegate.getParsingContext(), base), "must be finite, got " + text);
          }
        }
        return t;
      }

      @Override
      public JsonToken nextValue() throws IOException { // through nextToken, so no value escapes the check
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
      }
    };
  }

  /** The YAML path ({@code a.b[2].c}) of the value the parser is at, under {@code base}. */
  static String pathOf(JsonStreamContext context, String base) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.addFirst("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    StringBuilder sb = new StringBuilder(base == null ? "" : base);
    for (String part : parts) {
      sb.append(sb.length() == 0 && part.startsWith(".") ? part.substring(1) : part);
    }
    return sb.toString();
  }
}
