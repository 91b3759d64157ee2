package dev.diffsearch.core.run;

/**
 * An extension failed while working (a verifier while scoring, a model while denoising). The message is
 * one line naming the extension, its origin and the candidates concerned; the run stops, and what was
 * already scored stays recorded.
 */
public class ExtensionFailureException extends RuntimeException {

  public ExtensionFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
