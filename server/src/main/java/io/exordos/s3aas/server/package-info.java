/**
 * The s3aas API server, assembled: {@link io.exordos.s3aas.server.S3aasServer} starts PostgreSQL
 * (external or embedded), the store, the watch hub and the HTTP front doors in dependency order and
 * stops them in reverse; {@code ServerConfig} is everything it is started with, {@code Maintenance}
 * the periodic compaction of the change log and expiry of Events, {@code TlsIdentity} the
 * self-signed serving certificate kept under the state directory. Only this package wires the
 * others together; none of them imports it.
 */
package io.exordos.s3aas.server;
