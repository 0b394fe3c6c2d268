package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Observed state of an access key. It names the key id (public) and the Secret that holds the
 * credentials; the secret key itself never appears in a status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessKeyStatus extends ResourceStatus {
  private @Nullable String accessKeyId;
  private @Nullable String secretName;
  private @Nullable String appliedSecretRevision;

  public @Nullable String getAccessKeyId() {
    return accessKeyId;
  }

  public void setAccessKeyId(@Nullable String accessKeyId) {
    this.accessKeyId = accessKeyId;
  }

  public @Nullable String getSecretName() {
    return secretName;
  }

  public void setSecretName(@Nullable String secretName) {
    this.secretName = secretName;
  }

  /**
   * The resourceVersion of Secret {@code secretName} whose credentials the nodes carry; a Secret at
   * another revision is pushed again. Unset until credentials are applied, and while they are not.
   */
  public @Nullable String getAppliedSecretRevision() {
    return appliedSecretRevision;
  }

  public void setAppliedSecretRevision(@Nullable String appliedSecretRevision) {
    this.appliedSecretRevision = appliedSecretRevision;
  }
}
