package io.exordos.s3aas.cli;

/** An error to report as {@code error: message} with an exit code (1 error, 2 usage). */
class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(String message) {
    this(1, message);
  }

  int exitCode() {
    return exitCode;
  }
}
