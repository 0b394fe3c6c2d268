/**
 * Kubernetes object semantics over the store, for both front doors: {@link
 * io.exordos.s3aas.server.api.ResourceService} builds each next state (system metadata,
 * resourceVersion preconditions, status subresource, schema validation with defaults, transition
 * and semantic rules, generation, finalizers and deletion) and refuses what kube-apiserver refuses
 * with an {@code ApiException} naming the field. It owns no HTTP and no SQL.
 */
package io.exordos.s3aas.server.api;
