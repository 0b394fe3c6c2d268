/**
 * Watches: the hub tails the change log (woken by PostgreSQL LISTEN/NOTIFY across replicas) and
 * fans each committed change out to the subscriptions whose kind, namespace and selector it
 * matches.
 */
package io.exordos.s3aas.server.watch;
