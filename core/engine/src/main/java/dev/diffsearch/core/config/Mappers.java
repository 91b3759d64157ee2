package dev.diffsearch.core.config;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The Jackson mappers of the project: strict YAML binding for configs, JSON for run files. */
public final class Mappers {

  private Mappers() {}

  /**
   * Strict: unknown keys fail, a key given twice in a mapping fails, numbers are not silently made of
   * strings or floats of integers, and no number may be non-finite or overflow its type ({@link Numbers}).
   */
  static ObjectMapper yaml() {
    YAMLFactory factory = new YAMLFactory(); // its defaults: an empty value is null, not ""
    factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    ObjectMapper m = new ObjectMapper(factory);
    strict(m);
    m.registerModule(Numbers.module());
    return m;
  }

  /** Pretty JSON for run files. */
  public static ObjectMapper json() {
    ObjectMapper m = new ObjectMapper();
    m.enable(SerializationFeature.INDENT_OUTPUT);
    m.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    return m;
  }

  private static void strict(ObjectMapper m) {
    m.setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);
    m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
  }
}
