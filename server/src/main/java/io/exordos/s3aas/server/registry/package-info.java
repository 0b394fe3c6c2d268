/**
 * The kinds the server serves: the s3aas custom resources from the generated CRD files and the
 * built-in core kinds (Namespace, Secret, Event, Lease), each a {@code ResourceType} with its
 * schema, scope and printer columns.
 */
package io.exordos.s3aas.server.registry;
