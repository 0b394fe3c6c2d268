package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.operator.rustfs.NodeClient.ObservedUser;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What must change on a node for an access key's RustFS user to be what is wanted: a pure function
 * of the wish, what the node has and what the status says was applied. It drives both the node
 * calls and the event a user reads.
 *
 * @param replaced a RustFS user of an earlier key id of this key, to remove first (null: none)
 * @param replacedHasPolicies whether that user may carry policies (unknown counts as yes)
 * @param missing the key's RustFS user is not on the node
 * @param addUser (re)create the user with the secret: missing, or the Secret changed since applied
 * @param setStatus enable or disable the existing user
 * @param setPolicies attach the wanted policies
 */
record AccessKeyDiff(
    @Nullable String replaced,
    boolean replacedHasPolicies,
    boolean missing,
    boolean addUser,
    boolean setStatus,
    boolean setPolicies) {

  /** What the key should be on the node. {@code policies} are sorted and distinct. */
  record Wanted(
      String accessKeyId,
      String secretName,
      String secretRevision,
      boolean enabled,
      List<String> policies) {}

  /** What the key's status says was applied last: its key id and Secret revision. */
  record Applied(
      @Nullable String accessKeyId, @Nullable String secretName, @Nullable String revision) {

    boolean secret(Wanted want) {
      return want.secretName().equals(secretName) && want.secretRevision().equals(revision);
    }
  }

  /**
   * @param users the RustFS users the node has, by access key
   */
  static AccessKeyDiff of(Wanted want, Applied applied, Map<String, ObservedUser> users) {
    String previous = applied.accessKeyId();
    String replaced = previous != null && !previous.equals(want.accessKeyId()) ? previous : null;
    ObservedUser old = replaced == null ? null : users.get(replaced);
    boolean replacedHasPolicies = replaced != null && (old == null || !old.policies().isEmpty());
    ObservedUser observed = users.get(want.accessKeyId());
    if (observed == null || !applied.secret(want)) {
      // add-user sets secret and status only; policies are attached by a call of their own
      List<String> attached = observed == null ? List.of() : observed.policies();
      return new AccessKeyDiff(
          replaced,
          replacedHasPolicies,
          observed == null,
          true,
          false,
          !attached.equals(want.policies()));
    }
    return new AccessKeyDiff(
        replaced,
        replacedHasPolicies,
        false,
        false,
        observed.enabled() != want.enabled(),
        !observed.policies().equals(want.policies()));
  }

  /** An existing user's status or policies changed (not a new secret): worth a Normal event. */
  boolean updated() {
    return !addUser && (setStatus || setPolicies);
  }
}
