package dev.diffsearch.plugins.torchscript;

import java.util.List;

/** Where a text-conditioned model's prompt embeddings come from: a text encoder, or precomputed files. */
interface TextSource {

  /** The embeddings of {@code texts}, one row each, in order; a text it cannot encode is a config error. */
  TextEncoding encode(List<String> texts);

  /** One row the probe at open can condition on without guessing which prompts the run has. */
  TextEncoding probeRow();
}
