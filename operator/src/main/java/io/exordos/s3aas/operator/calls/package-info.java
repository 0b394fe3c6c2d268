/**
 * The one error model of the operator's external calls (RustFS nodes and Exordos Core): {@code
 * Retry} with backoff for a transient failure, a {@code CircuitBreaker} per target, and {@code
 * ExternalCallException}, whose transient or for-good verdict decides between JOSDK's retry and
 * phase ERROR.
 */
package io.exordos.s3aas.operator.calls;
