package io.exordos.s3aas.server.validation;

/**
 * One invalid field: its path (e.g. {@code spec.cpu}), a cause type and a message; a Kubernetes
 * {@code StatusCause}. Validation finds them; {@code api.ApiException} carries them to the client.
 */
public record Cause(String field, String reason, String message) {}
