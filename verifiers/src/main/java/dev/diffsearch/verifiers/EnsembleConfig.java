package dev.diffsearch.verifiers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ValidatedConfig;
import java.util.List;

/**
 * Options of the ensemble verifier.
 *
 * @param members the member verifiers, each a block with {@code name}, an optional {@code weight}
 *     (default 1) and the member's own options
 * @param combine {@code mean-rank} (the paper's: unweighted mean of the members' ranks, ties averaged;
 *     the default), {@code weighted-rank} or {@code weighted-zscore}
 */
public record EnsembleConfig(List<ObjectNode> members, String combine) implements ValidatedConfig {

  public EnsembleConfig {
    combine = combine == null ? "mean-rank" : combine;
  }

  @Override
  public void validate() {
    if (members == null || members.isEmpty()) {
      throw ConfigException.at("members", "list at least one member verifier");
    }
    if (Combine.parse(combine) == null) {
      throw ConfigException.at("combine", "must be mean-rank, weighted-rank or weighted-zscore, got '" + combine + "'");
    }
  }
}
