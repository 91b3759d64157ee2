package dev.diffsearch.plugins.fmnist.verify;

import dev.diffsearch.api.spi.VerifierFactory;
import dev.diffsearch.plugins.fmnist.net.Net;
import org.pf4j.Extension;

/**
 * {@code oracle-is}: the evaluator network's probability of the conditioning class — the IS-oracle of
 * the paper. It optimises the very network the evaluation measures with, so it is an oracle: run.json
 * marks runs that use it ({@code oracle-verifier: true}) and no fair comparison should include them.
 */
@Extension
public final class OracleIsVerifier extends VerifierFactory.Of<OracleIsConfig> {

  public OracleIsVerifier() {
    super("oracle-is", "ORACLE: the evaluator network's probability of the conditioning class (for experiments only)",
        OracleIsConfig.class, (config, context) -> new ClassScore("oracle-is",
            VerifierNetworks.open(Net.EVALUATOR, config.weights(), context), (out, i, c) -> (float) out.probabilities(i)[c], true));
  }
}
