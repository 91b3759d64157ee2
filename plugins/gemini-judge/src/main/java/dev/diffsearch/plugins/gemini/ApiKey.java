package dev.diffsearch.plugins.gemini;

import dev.diffsearch.api.config.ConfigException;
import java.util.function.Function;

/**
 * The API key, read from the environment variable the config names. It prints as {@code ***} and is
 * only ever handed to the {@code x-goog-api-key} request header; text from the server passes through
 * {@link #redact} before it reaches a log line or a message.
 */
final class ApiKey {

  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /** The key in variable {@code name} of {@code env}; a {@link ConfigException} naming the variable if unusable. */
  static ApiKey fromEnv(String name, Function<String, String> env) {
    String v = env.apply(name);
    if (v == null) {
      throw ConfigException.at("api-key-env",
          "environment variable " + name + " is not set; gemini-judge reads the Gemini API key from it "
              + "(export " + name + "=... or name another variable with api-key-env)");
    }
    String key = v.strip();
    if (key.isEmpty()) {
      throw ConfigException.at("api-key-env", "environment variable " + name + " is empty; it must hold the Gemini API key");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw ConfigException.at("api-key-env",
            "environment variable " + name + " holds characters an API key cannot have (spaces, control or non-ASCII characters)");
      }
    }
    return new ApiKey(key);
  }

  /** For the request header only. */
  String value() {
    return value;
  }

  /** {@code text} with every occurrence of the key replaced by {@code ***}. */
  String redact(String text) {
    return text == null ? null : text.replace(value, "***");
  }

  @Override
  public String toString() {
    return "***";
  }
}
