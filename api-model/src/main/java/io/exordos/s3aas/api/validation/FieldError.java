package io.exordos.s3aas.api.validation;

/** A rule an object breaks: the field's path (e.g. {@code spec.parity}) and why. */
public record FieldError(String field, String message) {}
