package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Desired state of an IAM user: which policies its access keys carry. */
public class S3UserSpec {
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @ValidationRule(value = "self == oldSelf", message = "instanceRef is immutable")
  @JsonPropertyDescription("Name of the S3Instance (same namespace) the user belongs to.")
  private String instanceRef;

  @JsonPropertyDescription(
      "Policies the user's keys carry: built-in canned policies (readonly, readwrite, writeonly,"
          + " diagnostics, consoleAdmin) or names of S3Policy resources of the same instance.")
  private List<String> policies = new ArrayList<>();

  public String getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(String instanceRef) {
    this.instanceRef = instanceRef;
  }

  public List<String> getPolicies() {
    return policies;
  }

  public void setPolicies(@Nullable List<String> policies) {
    this.policies = policies == null ? new ArrayList<>() : new ArrayList<>(policies);
  }
}
