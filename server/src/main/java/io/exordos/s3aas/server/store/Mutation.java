package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The decision a write makes about one object, given its current state. The store may call it more
 * than once: if the object changes between the read and the conditional write, the store reads
 * again and asks again (as kube-apiserver's guaranteed update does), so a decision must depend only
 * on {@code current}. The store sets {@code metadata.resourceVersion} of what is written, in the
 * outcome's own object: an outcome hands its object over to the store (no copy is made), so a
 * decision builds a fresh object rather than passing on one it keeps.
 */
@FunctionalInterface
public interface Mutation {
  /**
   * Decides what to store.
   *
   * @param current the stored object, or null if there is none
   */
  Outcome decide(@Nullable ObjectNode current);

  /** What to do: store a new state, delete the row, or leave everything as it is. */
  sealed interface Outcome {}

  /** Insert or replace the object with {@code object}. */
  record Put(ObjectNode object) implements Outcome {}

  /** Remove the object; {@code lastState} is what the DELETED event carries. */
  record Remove(ObjectNode lastState) implements Outcome {}

  /** Change nothing, and answer with {@code object} (the stored object, as it is). */
  record Keep(ObjectNode object) implements Outcome {}
}
