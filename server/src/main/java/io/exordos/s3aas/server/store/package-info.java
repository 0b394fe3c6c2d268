/**
 * Desired state in PostgreSQL: objects and the change log that watches and consistent lists are
 * served from ({@link io.exordos.s3aas.server.store.ResourceStore}, optimistic writes of a {@code
 * Mutation}), list selectors and continue tokens, Secret sealing on the way in and out ({@code
 * ObjectCodec}), and the exclusive sections a uniqueness check needs across replicas ({@code
 * ExclusiveScopes}). It knows nothing of HTTP or of Kubernetes semantics beyond revisions.
 */
package io.exordos.s3aas.server.store;
