package io.exordos.s3aas.server.registry;

/** A column of {@code kubectl get}: a name, a simple JSONPath into the object and its type. */
public record PrinterColumn(String name, String type, String jsonPath, int priority) {}
