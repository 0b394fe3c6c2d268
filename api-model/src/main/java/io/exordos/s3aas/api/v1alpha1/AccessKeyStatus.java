package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Observed state of an access key. It names the key id (public) and the Secret that holds the
 * credentials; the secret key itself never appears in a status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessKeyStatus extends ResourceStatus {
  private String accessKeyId;
  private String secretName;

  public String getAccessKeyId() {
    return accessKeyId;
  }

  public void setAccessKeyId(String accessKeyId) {
    this.accessKeyId = accessKeyId;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}
