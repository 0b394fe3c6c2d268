package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The decision a write makes about one object, taken inside the store's transaction while the
 * object's row is locked: the caller sees the current state and the revision the write will get.
 */
@FunctionalInterface
public interface Mutation {
  /**
   * @param current the stored object, or null if there is none
   * @param revision the revision this write commits as, to be put into the new object
   */
  Outcome decide(ObjectNode current, long revision);

  /** What to do: store a new state, delete the row, or leave everything as it is. */
  sealed interface Outcome {}

  /** Insert or replace the object with {@code object}. */
  record Put(ObjectNode object) implements Outcome {}

  /** Remove the object; {@code lastState} is what the DELETED event carries. */
  record Remove(ObjectNode lastState) implements Outcome {}

  /** Change nothing, and answer with {@code object} (null if none). */
  record Keep(ObjectNode object) implements Outcome {}
}
