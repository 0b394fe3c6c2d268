/**
 * PostgreSQL: the connection pool and schema migrations ({@code Database}), the embedded server for
 * single-machine use ({@code EmbeddedDatabase}), the {@code --db-*} command-line options every
 * command that opens it shares ({@code DatabaseOptions}), and the answer when it is unreachable (a
 * 503 with Retry-After, {@code DatabaseUnavailable}).
 */
package io.exordos.s3aas.server.db;
