/**
 * Built-in, model-agnostic verifiers (ensembles and other compositions of verifiers belong here).
 * Verifiers tied to one model's networks ship in that model's plugin, e.g. {@code mixture-posterior} in
 * {@code plugins/gaussian-mixture}.
 */
package dev.diffsearch.verifiers;
