package dev.diffsearch.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.util.stream.Collectors;

/** Binds a YAML block to an extension's config record, with errors that name the YAML path. */
public final class ConfigBinder {

  private ConfigBinder() {}

  /**
   * Binds {@code node} (the block at {@code path}, engine keys already removed) to {@code type} and
   * validates it.
   */
  public static <C> C bind(JsonNode node, Class<C> type, String path) {
    C value;
    try {
      value = ConfigLoader.YAML.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw new ConfigException(
          join(path, pathOf(e)), "unknown key" + (known.isEmpty() ? " (this block takes no keys)" : " (known: " + known + ")"));
    } catch (Numbers.BadNumberException e) {
      throw new ConfigException(join(path, pathOf(e)), e.getOriginalMessage());
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw ce.under(path);
      }
      throw new ConfigException(path, cause == null ? ConfigLoader.firstLine(e.getOriginalMessage()) : cause.getMessage());
    } catch (MismatchedInputException e) {
      String target = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
      throw new ConfigException(join(path, pathOf(e)), "wrong type: expected " + target);
    } catch (JsonProcessingException e) {
      throw new ConfigException(path, ConfigLoader.firstLine(e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path, e.getMessage());
    }
    if (value instanceof ValidatedConfig validated) {
      try {
        validated.validate();
      } catch (ConfigException e) {
        throw e.under(path);
      }
    }
    return value;
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    return "a mapping (" + type.getSimpleName() + ")";
  }

  static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  static String join(String a, String b) {
    if (b == null || b.isEmpty()) {
      return a;
    }
    return a == null || a.isEmpty() ? b : a + "." + b;
  }
}
