package dev.diffsearch.verifiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffsearch.api.config.ConfigException;
import dev.diffsearch.api.spi.ModelContext;
import dev.diffsearch.api.spi.Verifier;
import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.api.spi.VerifierInput;
import dev.diffsearch.api.spi.VerifierScores;
import dev.diffsearch.core.config.ConfigBinder;
import dev.diffsearch.core.plugin.ExtensionKind;
import dev.diffsearch.core.plugin.ExtensionRegistry;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * {@code ensemble}: combines member verifiers, any by name with its own options, by rank (the paper's
 * unweighted mean of ranks) or z-score over each scored batch. Every member's score is recorded per
 * candidate. Because ranks are relative to a batch, give ensemble searches a {@code search.max-batch} of
 * at least their candidates per round.
 */
@Extension
public final class EnsembleVerifier extends VerifierFactory.Of<EnsembleConfig> {

  /** The largest member weight (weights are relative; this keeps their sum finite). */
  static final double MAX_WEIGHT = 1e6;

  private static final String NAME = "ensemble";

  @Inject
  public EnsembleVerifier(ExtensionRegistry registry) {
    super(NAME, "combines member verifiers by mean rank, weighted rank or weighted z-score", EnsembleConfig.class,
        (config, context) -> ensemble(registry, config, context));
  }

  /** The ensemble of {@code config}'s members, each created by its factory in {@code registry}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Verifier ensemble(ExtensionRegistry registry, EnsembleConfig config, ModelContext context) {
    List<String> names = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    List<Verifier> members = new ArrayList<>();
    double[] weights = new double[config.members().size()];
    for (int i = 0; i < config.members().size(); i++) {
      String path = "verifier.members[" + i + "]";
      ObjectNode block = config.members().get(i).deepCopy();
      JsonNode name = block.remove("name");
      if (name == null || !name.isTextual()) {
        throw new ConfigException(path + ".name", "missing: name the member verifier");
      }
      if (name.asText().equals(NAME)) {
        throw new ConfigException(path + ".name", "an ensemble cannot contain an ensemble");
      }
      JsonNode weight = block.remove("weight");
      if (weight != null && (!weight.isNumber() || !(weight.asDouble() > 0 && weight.asDouble() <= MAX_WEIGHT))) {
        throw new ConfigException(path + ".weight", "must be a number > 0 and at most " + MAX_WEIGHT + ", got " + weight);
      }
      weights[i] = weight == null ? 1.0 : weight.asDouble();
      VerifierFactory factory = registry.get(ExtensionKind.VERIFIER, VerifierFactory.class, name.asText(), path + ".name");
      Object memberConfig = ConfigBinder.bind(block, factory.configType(), path);
      members.add(factory.create(memberConfig, context));
      String label = name.asText();
      names.add(names.contains(label) ? label + "#" + i : label);
      origins.add(String.valueOf(registry.find(ExtensionKind.VERIFIER, label).origin()));
    }
    Combine combine = Combine.parse(config.combine());
    double[] taps = members.stream()
        .flatMapToDouble(v -> java.util.Arrays.stream(v.tapSigmas()))
        .boxed()
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
        .stream()
        .mapToDouble(Double::doubleValue)
        .toArray();
    boolean needsCondition = members.stream().anyMatch(Verifier::needsCondition);
    Verifier.Needs needs = members.stream().map(Verifier::needs).reduce(Verifier.Needs.NOTHING, Verifier.Needs::both);
    boolean oracle = members.stream().anyMatch(Verifier::oracle);
    // ranks and z-scores are taken over the call's rows; a member that remembers earlier outputs makes it so too
    Verifier.Scope scope = members.stream().anyMatch(v -> v.scope() == Verifier.Scope.RUN)
        ? Verifier.Scope.RUN : Verifier.Scope.BATCH;
    return new Verifier() {
      @Override
      public double[] tapSigmas() {
        return taps.clone();
      }

      @Override
      public boolean needsCondition() {
        return needsCondition;
      }

      @Override
      public Needs needs() {
        return needs;
      }

      @Override
      public boolean oracle() {
        return oracle;
      }

      @Override
      public Scope scope() {
        return scope;
      }

      @Override
      public float[] score(VerifierInput input) {
        return scoreAll(input).total();
      }

      @Override
      public VerifierScores scoreAll(VerifierInput input) {
        float[][] scores = new float[members.size()][];
        Map<String, float[]> parts = new LinkedHashMap<>();
        for (int m = 0; m < members.size(); m++) {
          scores[m] = members.get(m).score(input);
          if (scores[m].length != input.size()) {
            throw new IllegalStateException("ensemble member '" + names.get(m) + "' returned " + scores[m].length
                + " scores for " + input.size() + " candidates");
          }
          String nonFinite = VerifierScores.nonFinite(scores[m], input.ids());
          if (nonFinite != null) { // it would rank meaninglessly: the engine stops the run on this
            throw new IllegalStateException("ensemble member '" + names.get(m) + "' (" + origins.get(m)
                + ") returned a non-finite score for " + nonFinite + "; scores must be finite numbers");
          }
          parts.put(names.get(m), scores[m]);
        }
        return new VerifierScores(combine.combine(scores, weights), parts);
      }
    };
  }
}
