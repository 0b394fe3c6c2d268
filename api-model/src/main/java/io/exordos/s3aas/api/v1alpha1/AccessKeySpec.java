package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import org.jspecify.annotations.Nullable;

/** Desired state of an S3 access key pair belonging to a user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessKeySpec {
  /** The Secret keys read from {@link #secretRef} and written to the generated Secret. */
  public static final String ACCESS_KEY_ID = "accessKeyId";

  public static final String SECRET_ACCESS_KEY = "secretAccessKey";

  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @ValidationRule(value = "self == oldSelf", message = "userRef is immutable")
  @JsonPropertyDescription("Name of the S3User (same namespace) the key belongs to.")
  private String userRef;

  @JsonPropertyDescription(
      "A Secret holding accessKeyId and secretAccessKey to use instead of generated ones.")
  private @Nullable SecretReference secretRef;

  @Default("true")
  @JsonPropertyDescription("A disabled key stays on the node but cannot sign requests.")
  private @Nullable Boolean enabled;

  public String getUserRef() {
    return userRef;
  }

  public void setUserRef(String userRef) {
    this.userRef = userRef;
  }

  public @Nullable SecretReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(@Nullable SecretReference secretRef) {
    this.secretRef = secretRef;
  }

  public @Nullable Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(@Nullable Boolean enabled) {
    this.enabled = enabled;
  }
}
