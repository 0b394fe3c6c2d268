/**
 * Secrets at rest: AES-GCM sealing of a Secret's data before it is stored, with the key from the
 * configuration or the state directory.
 */
package io.exordos.s3aas.server.secrets;
