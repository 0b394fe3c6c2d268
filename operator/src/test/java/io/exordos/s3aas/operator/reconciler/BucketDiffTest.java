package io.exordos.s3aas.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.api.v1alpha1.BucketSpec;
import io.exordos.s3aas.api.v1alpha1.Encryption;
import io.exordos.s3aas.api.v1alpha1.Retention;
import io.exordos.s3aas.api.v1alpha1.RetentionMode;
import io.exordos.s3aas.operator.reconciler.BucketDiff.Call;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import org.junit.jupiter.api.Test;

/** The bucket diff: which node calls a spec needs, and which differences count as drift. */
class BucketDiffTest {
  static final BucketSettings PLAIN = BucketSettings.defaults(false);

  static BucketSettings settings(
      boolean versioning, boolean encrypted, boolean publicRead, long quota) {
    return new BucketSettings(versioning, encrypted, false, null, null, publicRead, quota);
  }

  static BucketSettings locked(String mode, int days) {
    return new BucketSettings(true, false, true, mode, days, false, 0);
  }

  @Test
  void equalSettingsNeedNoCall() {
    BucketSettings s = settings(true, true, true, 1024);
    BucketDiff d = BucketDiff.between(s, s);
    assertThat(d.calls()).isEmpty();
    assertThat(d.drifted()).isEmpty();
    assertThat(d.objectLockConflict()).isFalse();
    assertThat(d.create()).isFalse();
  }

  @Test
  void everyDifferentSettingIsOneCallInOrderAndNamedAsDrift() {
    BucketDiff d = BucketDiff.between(PLAIN, settings(true, true, true, 1024));
    assertThat(d.calls())
        .containsExactly(Call.VERSIONING, Call.ENCRYPTION, Call.PUBLIC_READ, Call.QUOTA);
    assertThat(d.drifted()).containsExactly("versioning", "encryption", "publicRead", "quota");
  }

  @Test
  void aMissingBucketIsCreatedWithItsLockThenSetFromANewBucketsDefaults() {
    BucketSettings want = new BucketSettings(true, true, true, "GOVERNANCE", 7, false, 0);
    BucketDiff d = BucketDiff.missing(want);
    assertThat(d.create()).isTrue();
    assertThat(d.have()).isEqualTo(BucketSettings.defaults(true));
    // object lock turns versioning on at creation: only encryption and retention remain
    assertThat(d.calls()).containsExactly(Call.ENCRYPTION, Call.RETENTION);
    assertThat(d.objectLockConflict()).isFalse();
  }

  @Test
  void anInSyncBucketNeedsNothing() {
    BucketDiff d = BucketDiff.inSync(settings(true, false, false, 5));
    assertThat(d.calls()).isEmpty();
    assertThat(d.create()).isFalse();
  }

  @Test
  void objectLockCannotChangeAfterCreationAndVersioningStaysOnUnderIt() {
    BucketDiff off = BucketDiff.between(locked("GOVERNANCE", 1), PLAIN);
    assertThat(off.objectLockConflict()).isTrue();
    assertThat(off.calls()).doesNotContain(Call.VERSIONING, Call.RETENTION);

    BucketDiff on = BucketDiff.between(PLAIN, locked("GOVERNANCE", 1));
    assertThat(on.objectLockConflict()).isTrue();
    assertThat(on.calls()).containsExactly(Call.VERSIONING);
  }

  @Test
  void retentionIsSetWhenModeOrDaysDifferOnALockedBucket() {
    assertThat(BucketDiff.between(locked("GOVERNANCE", 1), locked("COMPLIANCE", 1)).calls())
        .containsExactly(Call.RETENTION);
    assertThat(BucketDiff.between(locked("GOVERNANCE", 1), locked("GOVERNANCE", 2)).drifted())
        .containsExactly("retention");
    BucketSettings lockedWithout = new BucketSettings(true, false, true, null, null, false, 0);
    // no retention wanted: a node's default retention is left alone
    assertThat(BucketDiff.between(locked("GOVERNANCE", 1), lockedWithout).calls()).isEmpty();
  }

  @Test
  void aQuotaTheNodeCannotTellYetIsSetAgainButIsNoDrift() {
    BucketSettings uncounted = settings(false, false, false, BucketSettings.QUOTA_UNKNOWN);
    BucketDiff d = BucketDiff.between(uncounted, settings(false, false, false, 1024));
    assertThat(d.calls()).containsExactly(Call.QUOTA);
    assertThat(d.drifted()).isEmpty();
    // no quota wanted and none known: nothing to set
    assertThat(BucketDiff.between(uncounted, PLAIN).calls()).isEmpty();
  }

  @Test
  void theSpecMapsOntoSettings() {
    BucketSpec spec = new BucketSpec();
    spec.setObjectLock(true);
    spec.setVersioning(false);
    spec.setEncryption(Encryption.AES256);
    Retention r = new Retention();
    r.setMode(RetentionMode.COMPLIANCE);
    r.setDays(3);
    spec.setRetention(r);
    spec.setQuotaBytes(10L);
    assertThat(BucketReconciler.desired(spec))
        .isEqualTo(new BucketSettings(true, true, true, "COMPLIANCE", 3, false, 10));

    BucketSpec unlocked = new BucketSpec();
    unlocked.setRetention(r);
    // retention needs object lock; without it the retention is not asked of the node
    assertThat(BucketReconciler.desired(unlocked)).isEqualTo(PLAIN);
  }
}
