package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of an IAM policy, installed as a canned policy on every node of an instance. */
public class S3PolicySpec {
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @ValidationRule(value = "self == oldSelf", message = "instanceRef is immutable")
  @JsonPropertyDescription("Name of the S3Instance (same namespace) the policy is installed on.")
  private String instanceRef;

  @Required
  @PreserveUnknownFields
  @JsonPropertyDescription("The IAM policy document: {Version, Statement: [...]}.")
  private JsonNode document;

  public String getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(String instanceRef) {
    this.instanceRef = instanceRef;
  }

  public JsonNode getDocument() {
    return document;
  }

  public void setDocument(JsonNode document) {
    this.document = document;
  }
}
