package dev.diffsearch.app;

import dev.diffsearch.api.config.ConfigException;
import java.util.ServiceLoader;
import java.util.function.Function;

/** The cluster engines the class path offers (the diffsearch-spark module's, found with {@link ServiceLoader}). */
final class Distributed {

  private Distributed() {}

  /** The {@code type} implementation called {@code name}; a one-line error naming {@code --name} when there is none. */
  static <T> T find(Class<T> type, Function<T, String> nameOf, String name) {
    for (T t : ServiceLoader.load(type)) {
      if (nameOf.apply(t).equals(name)) {
        return t;
      }
    }
    throw new ConfigException("--" + name, "needs the diffsearch-spark module and Spark on the class path: build"
        + " with mvn package (it fills spark/target/lib) and run ./diffsearch from the checkout, or use spark-submit"
        + " (docs/spark.md)");
  }
}
