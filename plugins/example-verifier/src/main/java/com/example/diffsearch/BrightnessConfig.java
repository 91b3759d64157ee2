package com.example.diffsearch;

/**
 * Options of the brightness verifier.
 *
 * @param target the mean intensity to aim for, in the data range [−1, 1]; when absent, brighter is better
 */
public record BrightnessConfig(Double target) {}
