package io.exordos.s3aas.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A caller-specific check on a write, run by {@link ResourceService} inside the write's decision,
 * after validation and defaulting, so it sees exactly what would be stored. The write is
 * optimistic: if the object changed before it was stored, the decision and this check run again on
 * the newer object. Field-level authorization uses it (an operator may change only some fields of
 * an S3Instance).
 */
@FunctionalInterface
public interface WriteGuard {
  /**
   * Checks a write before it is stored.
   *
   * @param current the stored object, or null on create
   * @param next what would be stored
   * @throws ApiException to refuse the write
   */
  void check(@Nullable ObjectNode current, ObjectNode next);
}
