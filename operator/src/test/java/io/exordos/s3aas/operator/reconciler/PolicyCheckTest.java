package io.exordos.s3aas.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.api.v1alpha1.S3PolicySpec;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.api.v1alpha1.S3UserSpec;
import io.exordos.s3aas.operator.reconciler.S3UserReconciler.PolicyCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A user's policies: built-in, or an ACTIVE S3Policy of its own instance. */
class PolicyCheckTest {
  static S3User user(String... policies) {
    S3UserSpec spec = new S3UserSpec();
    spec.setInstanceRef("i1");
    spec.setPolicies(List.of(policies));
    S3User u = new S3User();
    u.setSpec(spec);
    return u;
  }

  static S3Policy policy(String instance, @Nullable Phase phase) {
    S3PolicySpec spec = new S3PolicySpec();
    spec.setInstanceRef(instance);
    S3Policy p = new S3Policy();
    p.setSpec(spec);
    if (phase != null) {
      ResourceStatus s = new ResourceStatus();
      s.setPhase(phase);
      p.setStatus(s);
    }
    return p;
  }

  static PolicyCheck check(S3User user, Map<String, S3Policy> policies) {
    return PolicyCheck.of(user, name -> Optional.ofNullable(policies.get(name)));
  }

  @Test
  void builtInsAndActivePoliciesOfTheInstanceAreReady() {
    PolicyCheck c = check(user("readwrite", "mine"), Map.of("mine", policy("i1", Phase.ACTIVE)));
    assertThat(c.missing()).isEmpty();
    assertThat(c.pending()).isEmpty();
  }

  @Test
  void aPolicyOfAnotherInstanceOrNoneIsMissing() {
    PolicyCheck c =
        check(user("other", "gone", "readonly"), Map.of("other", policy("i2", Phase.ACTIVE)));
    assertThat(c.missing()).containsExactly("other", "gone");
    assertThat(c.pending()).isEmpty();
  }

  @Test
  void aPolicyNotYetActiveIsPending() {
    PolicyCheck c =
        check(
            user("new", "failed"),
            Map.of("new", policy("i1", null), "failed", policy("i1", Phase.ERROR)));
    assertThat(c.missing()).isEmpty();
    assertThat(c.pending()).containsExactly("new", "failed");
  }
}
