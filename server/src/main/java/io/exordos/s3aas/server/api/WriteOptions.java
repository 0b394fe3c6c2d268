package io.exordos.s3aas.server.api;

import org.jspecify.annotations.Nullable;

/**
 * Query options of a write.
 *
 * @param dryRun validate and answer as if written, but store nothing ({@code dryRun=All})
 * @param fieldValidation Strict refuses undeclared fields, Warn (the default) drops them with a
 *     warning, Ignore drops them silently
 * @param guard the caller's field-level authorization, or null
 */
public record WriteOptions(boolean dryRun, String fieldValidation, @Nullable WriteGuard guard) {
  public static final WriteOptions DEFAULT = new WriteOptions(false, "Warn");

  public WriteOptions(boolean dryRun, String fieldValidation) {
    this(dryRun, fieldValidation, null);
  }

  public boolean strict() {
    return "Strict".equalsIgnoreCase(fieldValidation);
  }

  public boolean warn() {
    return fieldValidation == null || "Warn".equalsIgnoreCase(fieldValidation);
  }
}
