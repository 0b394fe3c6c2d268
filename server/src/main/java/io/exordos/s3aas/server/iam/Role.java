package io.exordos.s3aas.server.iam;

import java.util.Locale;

/**
 * A project role, as the seed README names them: owner does everything in the project, operator
 * manages buckets, users, policies, access keys and the mutable instance fields but cannot create
 * or delete instances, viewer reads and never sees secrets. See docs/IAM.md for the full matrix.
 */
public enum Role {
  OWNER,
  OPERATOR,
  VIEWER;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a role name.
   *
   * @throws IllegalArgumentException for anything but owner, operator or viewer
   */
  public static Role parse(String text) {
    if (text != null) {
      for (Role r : values()) {
        if (r.id().equalsIgnoreCase(text.trim())) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "role must be owner, operator or viewer, not \"" + text + "\"");
  }
}
