package dev.diffsearch.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a pipeline YAML into a tree: {@code --set path=value} overrides applied, then {@code ${VAR}}
 * (or {@code ${VAR:-default}}) replaced in string values from the environment. Every failure is a
 * {@link ConfigException} naming the file or YAML path.
 */
public final class ConfigLoader {

  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  /**
   * Keys whose values are secrets: a key with a word (between dashes or underscores) that is or ends in
   * key, secret, token, password, passwd or credential(s): {@code api-key}, {@code hf-token},
   * {@code client-secret}, {@code apikey}. A key ending in {@code -env} names a variable and is no secret;
   * {@code tokenizer} and {@code max-tokens} are none either.
   */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i)(?!.*-env$)(.*[-_])?[a-z0-9]*(key|secret|token|password|passwd|credentials?)([-_].*)?");

  /** What a redacted secret reads as in run files. */
  public static final String REDACTED = "***";

  /** The YAML mapper used for pipelines and config records (kebab-case keys). */
  public static final ObjectMapper YAML = Mappers.yaml();

  private ConfigLoader() {}

  /** Parses {@code file} and applies {@code overrides}; no environment substitution yet. */
  public static ObjectNode read(Path file, List<String> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "config file not found");
    } catch (CharacterCodingException e) {
      throw new ConfigException(file.toString(), "not UTF-8 text (is this the pipeline YAML?)");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read config file: " + e.getMessage());
    }
    ObjectNode root = parse(text, file.toString());
    applyOverrides(root, overrides);
    return root;
  }

  /** Parses YAML text whose origin (file name) is used in messages. */
  public static ObjectNode parse(String text, String origin) {
    JsonNode node;
    try {
      node = readTree(text, "");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? origin : origin + ":" + at.getLineNr() + ":" + at.getColumnNr();
      ConfigException duplicate = duplicateKey(e, where, "");
      if (duplicate != null) {
        throw duplicate;
      }
      throw new ConfigException(where, "YAML syntax error: " + firstLine(e.getOriginalMessage()));
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new ConfigException(origin, "config file is empty");
    }
    if (!node.isObject()) {
      throw new ConfigException(origin, "config must be a YAML mapping of keys, got " + node.getNodeType());
    }
    return (ObjectNode) node;
  }

  /**
   * Applies {@code path.to.key=value} overrides; values are read as YAML scalars, lists or mappings (as a
   * string when they are no valid YAML), and checked as a config file's values are.
   */
  public static void applyOverrides(ObjectNode root, List<String> overrides) {
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq < 0) {
        throw new ConfigException("--set " + override, "expected path=value, e.g. search.nfe=200");
      }
      String path = override.substring(0, eq).trim();
      String[] keys = path.split("\\.", -1);
      for (String key : keys) {
        if (key.isBlank()) {
          throw new ConfigException("--set " + override, path.isEmpty()
              ? "the path before '=' is empty; expected path=value, e.g. search.nfe=200"
              : "malformed path '" + path + "': every dot-separated key must be non-empty, e.g. search.nfe=200");
        }
      }
      String raw = override.substring(eq + 1);
      JsonNode value;
      try {
        value = raw.isEmpty() ? TextNode.valueOf("") : readTree(raw, path);
      } catch (JsonProcessingException e) {
        ConfigException duplicate = duplicateKey(e, "--set " + override, path);
        if (duplicate != null) {
          throw duplicate;
        }
        value = TextNode.valueOf(raw);
      }
      if (value == null || value.isMissingNode()) {
        value = TextNode.valueOf(raw);
      }
      ObjectNode node = root;
      for (int i = 0; i < keys.length - 1; i++) {
        JsonNode child = node.get(keys[i]);
        if (child == null || !child.isObject()) {
          child = node.putObject(keys[i]);
        }
        node = (ObjectNode) child;
      }
      node.set(keys[keys.length - 1], value);
    }
  }

  /** A copy of {@code root} with {@code ${VAR}} replaced from {@code env}. */
  public static ObjectNode substituteEnv(ObjectNode root, Function<String, String> env) {
    return (ObjectNode) substitute(root.deepCopy(), "", env, false);
  }

  /**
   * A copy of {@code root} fit to be written to run files: values of secret-looking keys, and values that
   * came from secret-looking environment variables, are replaced by {@code ***}.
   */
  public static ObjectNode redacted(ObjectNode root, Function<String, String> env) {
    return (ObjectNode) substitute(root.deepCopy(), "", env, true);
  }

  /**
   * A copy of {@code root}, still with its {@code ${VAR}} references, in which a secret written literally
   * (a value of a secret-looking key that is not only a {@code ${VAR}} reference) is replaced by
   * {@link #REDACTED}: what run.json keeps so a run can be resumed without writing secrets to disk.
   */
  public static ObjectNode withoutLiteralSecrets(ObjectNode root) {
    ObjectNode copy = root.deepCopy();
    visitSecrets(copy, "", (path, object, key) -> {
      String value = object.get(key).asText();
      if (!value.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?}")) {
        object.put(key, REDACTED);
      }
    });
    return copy;
  }

  /** Fails when a secret of {@code root} was redacted: it cannot be recovered from run.json. */
  public static void requireNoRedactedSecrets(ObjectNode root, String origin) {
    visitSecrets(root, "", (path, object, key) -> {
      if (REDACTED.equals(object.get(key).asText())) {
        throw new ConfigException(origin, path + " was written literally and is redacted here; "
            + "pass secrets as ${ENV_VAR} so a run can be resumed or regenerated");
      }
    });
  }

  private interface SecretVisitor {
    void visit(String path, ObjectNode object, String key);
  }

  private static void visitSecrets(JsonNode node, String path, SecretVisitor visitor) {
    if (node.isObject()) {
      List<String> keys = new java.util.ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      for (String key : keys) {
        JsonNode child = node.get(key);
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (child.isValueNode() && !child.isNull() && SECRET_KEY.matcher(key).matches()) {
          visitor.visit(childPath, (ObjectNode) node, key);
        } else {
          visitSecrets(child, childPath, visitor);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        visitSecrets(node.get(i), path + "[" + i + "]", visitor);
      }
    }
  }

  private static JsonNode substitute(JsonNode node, String path, Function<String, String> env, boolean redact) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (redact && field.getValue().isValueNode() && SECRET_KEY.matcher(field.getKey()).matches()) {
          field.setValue(TextNode.valueOf(REDACTED));
        } else {
          field.setValue(substitute(field.getValue(), childPath, env, redact));
        }
      }
      return object;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) node)
            .set(i, substitute(node.get(i), path + "[" + i + "]", env, redact));
      }
      return node;
    }
    if (node.isTextual()) {
      String text = node.asText();
      Matcher m = ENV.matcher(text);
      if (!m.find()) {
        return node;
      }
      m.reset();
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String value = env.apply(name);
        if (value == null) {
          value = m.group(3);
        }
        if (value == null) {
          throw new ConfigException(path, "environment variable " + name + " is not set");
        }
        if (redact && SECRET_KEY.matcher(name).matches()) {
          value = REDACTED;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      String replaced = out.toString();
      // A value that is wholly one variable keeps the YAML type of what it names (numbers stay numbers).
      if (text.equals(m.reset().results().findFirst().map(r -> r.group()).orElse(""))) {
        try {
          JsonNode typed = readTree(replaced, path);
          if (typed != null && typed.isValueNode()) {
            return typed;
          }
        } catch (JsonProcessingException e) {
          // keep it a string
        }
      }
      return TextNode.valueOf(replaced);
    }
    return node;
  }

  /**
   * Parses YAML text into a tree, strictly: a key twice in one mapping fails, and so does a number that is
   * not finite ({@code .inf}, {@code .nan}, {@code 1e400}: a {@link ConfigException} at its YAML path,
   * under {@code base}, the path of the text's root).
   */
  private static JsonNode readTree(String text, String base) throws JsonProcessingException {
    try (JsonParser parser = Numbers.finiteOnly(YAML.getFactory().createParser(text), base)) {
      return YAML.readTree(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String: no I/O to fail
    }
  }

  /**
   * The error for a key given twice in one mapping ({@code where: PATH: duplicate key 'x'}), or null when
   * {@code e} is about something else.
   */
  private static ConfigException duplicateKey(JsonProcessingException e, String where, String base) {
    String message = e.getOriginalMessage();
    if (message == null || !message.startsWith("Duplicate field '")
        || !(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    JsonStreamContext mapping = parser.getParsingContext();
    String key = mapping.getCurrentName();
    String path = Numbers.pathOf(mapping.getParent(), base); // where the mapping is
    return new ConfigException(where,
        (path.isEmpty() ? "" : path + ": ") + "duplicate key '" + key + "' (each key may appear once in a mapping)");
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  /** An empty object node, for callers building trees. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
