package dev.diffsearch.api.spi;

/** The config of an extension that takes no options: any key in its block is an error. */
public record NoConfig() {}
