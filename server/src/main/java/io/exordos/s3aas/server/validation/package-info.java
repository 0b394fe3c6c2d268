/**
 * Checks of an object against its CRD: the structural schema with defaulting and pruning ({@code
 * SchemaValidator}) and the CEL transition rules the model uses ({@code TransitionRules}), each
 * finding a {@code Cause} that names the field. Pure functions of JSON; no other server package is
 * imported.
 */
package io.exordos.s3aas.server.validation;
