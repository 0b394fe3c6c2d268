package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One committed change of one object, as a watch delivers it.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param object the object after the change (for DELETED, its last state at this revision)
 * @param previous the object before the change, null when it was created
 */
public record Change(
    long revision,
    String group,
    String resource,
    String namespace,
    String name,
    String type,
    ObjectNode object,
    ObjectNode previous) {

  public static final String ADDED = "ADDED";
  public static final String MODIFIED = "MODIFIED";
  public static final String DELETED = "DELETED";
}
