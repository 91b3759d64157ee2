package dev.diffsearch.report;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.diffsearch.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's {@code results.csv}, read: its columns in order, split into the axis columns (between
 * {@code condition} and {@code model}), the sweep's fixed columns and the evaluator's metrics (after
 * {@code verifier-mean}), and its rows.
 */
record Table(List<String> axes, List<String> metrics, List<Map<String, String>> rows) {

  /** Reads {@code file}; a file that is no results.csv is a {@link ConfigException} naming it. */
  static Table read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), "no such file (a sweep directory holds results.csv)");
    }
    CsvMapper mapper = new CsvMapper();
    List<String> header;
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class)
        .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(file.toFile())) {
      if (!it.hasNext()) {
        throw new ConfigException(file.toString(), "is empty (no header)");
      }
      header = it.next();
      int line = 1;
      while (it.hasNext()) {
        line++;
        List<String> cells = it.next();
        if (cells.size() != header.size()) {
          throw new ConfigException(file + ":" + line, "has " + cells.size() + " cells, the header " + header.size());
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.add(row);
      }
    }
    int model = header.indexOf("model");
    int mean = header.indexOf("verifier-mean");
    if (!"condition".equals(header.isEmpty() ? null : header.get(0)) || model < 0 || mean < model) {
      throw new ConfigException(file.toString(), "is not a sweep's results.csv (expected columns condition, ...,"
          + " model, ..., verifier-mean, metrics...)");
    }
    return new Table(List.copyOf(header.subList(1, model)), List.copyOf(header.subList(mean + 1, header.size())),
        rows);
  }

  /** The number in {@code row}'s {@code column}, or NaN when it is blank or no number. */
  static double number(Map<String, String> row, String column) {
    String v = row.get(column);
    if (v == null || v.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Whether every non-blank value of {@code column} is a number. */
  boolean numeric(String column) {
    return rows.stream().map(r -> r.get(column)).filter(v -> v != null && !v.isBlank())
        .allMatch(v -> !Double.isNaN(number(Map.of(column, v), column)));
  }
}
