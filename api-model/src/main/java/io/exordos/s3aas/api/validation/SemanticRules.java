package io.exordos.s3aas.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules that span several fields and so cannot be written as one field's schema. They run after
 * schema validation and defaulting, on the object as it will be stored.
 */
public final class SemanticRules {
  private static final int MIN_DISTRIBUTED_NODES = 4;

  private SemanticRules() {}

  /** Checks an object of {@code kind}; kinds without cross-field rules always pass. */
  public static List<FieldError> check(String kind, JsonNode object) {
    JsonNode spec = object.path("spec");
    return switch (kind) {
      case "S3Instance" -> instance(spec);
      case "Bucket" -> bucket(spec);
      case "S3Policy" -> policy(spec);
      default -> List.of();
    };
  }

  private static List<FieldError> instance(JsonNode spec) {
    List<FieldError> errors = new ArrayList<>();
    boolean distributed = "distributed".equals(spec.path("kind").asText("single"));
    int nodes = spec.path("nodes").asInt(1);
    if (!distributed && nodes != 1) {
      errors.add(
          new FieldError(
              "spec.nodes",
              "Invalid value: "
                  + nodes
                  + ": a single instance has exactly 1 node; use kind: distributed for 4 to 16 nodes"));
    }
    if (distributed && nodes < MIN_DISTRIBUTED_NODES) {
      errors.add(
          new FieldError(
              "spec.nodes",
              "Invalid value: "
                  + nodes
                  + ": a distributed instance needs at least "
                  + MIN_DISTRIBUTED_NODES
                  + " nodes"));
    }
    if (spec.path("mfaDelete").asBoolean(false)) {
      // S3's MFA delete needs the bucket owner's MFA device on every versioning change and version
      // delete; RustFS does not implement it, so accepting true would promise a protection that no
      // node enforces.
      errors.add(
          new FieldError(
              "spec.mfaDelete",
              "Unsupported value: true: RustFS does not implement MFA delete, so it cannot be"
                  + " enforced; protect object versions with a Bucket's objectLock and retention"
                  + " instead"));
    }
    if (spec.has("parity")) {
      int parity = spec.get("parity").asInt();
      if (!distributed) {
        errors.add(
            new FieldError("spec.parity", "Forbidden: parity applies only to kind: distributed"));
      } else if (parity > nodes / 2) {
        errors.add(
            new FieldError(
                "spec.parity",
                "Invalid value: "
                    + parity
                    + ": parity may be at most half the nodes ("
                    + nodes / 2
                    + ")"));
      }
    }
    return errors;
  }

  private static List<FieldError> bucket(JsonNode spec) {
    List<FieldError> errors = new ArrayList<>();
    if (spec.has("retention") && !spec.path("objectLock").asBoolean(false)) {
      errors.add(
          new FieldError("spec.retention", "Forbidden: default retention needs objectLock: true"));
    }
    return errors;
  }

  private static List<FieldError> policy(JsonNode spec) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode document = spec.path("document");
    if (document.isMissingNode()) {
      return errors;
    }
    if (!document.isObject()) {
      errors.add(
          new FieldError(
              "spec.document", "Invalid value: an IAM policy document must be an object"));
      return errors;
    }
    JsonNode statements = document.path("Statement");
    if (!statements.isArray() || statements.isEmpty()) {
      errors.add(
          new FieldError("spec.document.Statement", "Required value: at least one statement"));
      return errors;
    }
    for (int i = 0; i < statements.size(); i++) {
      JsonNode s = statements.get(i);
      String path = "spec.document.Statement[" + i + "]";
      String effect = s.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        errors.add(
            new FieldError(
                path + ".Effect",
                "Unsupported value: \"" + effect + "\": supported values: \"Allow\", \"Deny\""));
      }
      if (!s.has("Action")) {
        errors.add(new FieldError(path + ".Action", "Required value"));
      }
    }
    return errors;
  }
}
