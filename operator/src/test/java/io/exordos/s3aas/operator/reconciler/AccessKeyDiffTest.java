package io.exordos.s3aas.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.operator.reconciler.AccessKeyDiff.Applied;
import io.exordos.s3aas.operator.reconciler.AccessKeyDiff.Wanted;
import io.exordos.s3aas.operator.rustfs.NodeClient.ObservedUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access key diff: when the secret is pushed, and what else an existing user needs. */
class AccessKeyDiffTest {
  static final Wanted WANT = new Wanted("AK1", "s", "7", true, List.of("readwrite"));
  static final Applied APPLIED = new Applied("AK1", "s", "7");
  static final ObservedUser AS_WANTED = new ObservedUser("enabled", List.of("readwrite"));

  @Test
  void aUserAsWantedWithTheAppliedSecretNeedsNothing() {
    AccessKeyDiff d = AccessKeyDiff.of(WANT, APPLIED, Map.of("AK1", AS_WANTED));
    assertThat(d).isEqualTo(new AccessKeyDiff(null, false, false, false, false, false));
    assertThat(d.updated()).isFalse();
  }

  @Test
  void aMissingUserIsAddedAndGivenItsPolicies() {
    AccessKeyDiff d = AccessKeyDiff.of(WANT, APPLIED, Map.of());
    assertThat(d.missing()).isTrue();
    assertThat(d.addUser()).isTrue();
    assertThat(d.setPolicies()).isTrue();
    assertThat(d.updated()).isFalse();
  }

  @Test
  void aSecretAtAnotherRevisionOrOfAnotherNameIsPushedAgain() {
    for (Applied applied :
        List.of(
            new Applied("AK1", "s", "6"),
            new Applied("AK1", "other", "7"),
            new Applied(null, null, null))) {
      AccessKeyDiff d = AccessKeyDiff.of(WANT, applied, Map.of("AK1", AS_WANTED));
      assertThat(d.addUser()).as("%s", applied).isTrue();
      assertThat(d.missing()).isFalse();
      // the user keeps its policies across add-user: no second call
      assertThat(d.setPolicies()).isFalse();
    }
  }

  @Test
  void anExistingUserIsEnabledOrGivenPoliciesWithoutItsSecret() {
    ObservedUser drifted = new ObservedUser("disabled", List.of());
    AccessKeyDiff d = AccessKeyDiff.of(WANT, APPLIED, Map.of("AK1", drifted));
    assertThat(d.addUser()).isFalse();
    assertThat(d.setStatus()).isTrue();
    assertThat(d.setPolicies()).isTrue();
    assertThat(d.updated()).isTrue();
  }

  @Test
  void aKeyWhoseIdChangedRemovesItsEarlierUser() {
    Applied earlier = new Applied("AK0", "s", "7");
    AccessKeyDiff d =
        AccessKeyDiff.of(
            WANT, earlier, Map.of("AK0", new ObservedUser("enabled", List.of()), "AK1", AS_WANTED));
    assertThat(d.replaced()).isEqualTo("AK0");
    assertThat(d.replacedHasPolicies()).isFalse();
    // an earlier user the node did not list may carry policies: detach them first
    assertThat(AccessKeyDiff.of(WANT, earlier, Map.of()).replacedHasPolicies()).isTrue();
  }
}
