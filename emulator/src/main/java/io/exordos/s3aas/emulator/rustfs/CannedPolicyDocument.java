package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What {@code add-canned-policy} accepts, as RustFS's policy parser does: a {@code Version} is
 * required and fields a policy does not know are refused (RustFS deserialises strictly), before the
 * statements are checked like any identity policy.
 */
final class CannedPolicyDocument {
  private static final Set<String> POLICY_FIELDS = Set.of("Version", "ID", "Id", "Statement");
  private static final Set<String> STATEMENT_FIELDS =
      Set.of(
          "Sid",
          "Effect",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition",
          "Principal",
          "NotPrincipal");

  private CannedPolicyDocument() {}

  static JsonNode parse(byte[] body) {
    JsonNode doc;
    try {
      doc = Policies.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw S3Exception.invalidRequest("invalid policy JSON");
    }
    if (doc == null || !doc.isObject()) {
      throw S3Exception.invalidRequest("invalid policy JSON: expected an object");
    }
    doc.fieldNames()
        .forEachRemaining(
            f -> {
              if (!POLICY_FIELDS.contains(f)) {
                throw S3Exception.invalidRequest("unknown field `" + f + "` in policy");
              }
            });
    for (JsonNode st : doc.path("Statement")) {
      st.fieldNames()
          .forEachRemaining(
              f -> {
                if (!STATEMENT_FIELDS.contains(f)) {
                  throw S3Exception.invalidRequest("unknown field `" + f + "` in statement");
                }
              });
    }
    if (doc.path("Version").asText("").isEmpty()) {
      throw S3Exception.invalidArgument("policy version is required");
    }
    try {
      return Policies.parseIdentityPolicy(body);
    } catch (S3Exception e) {
      // RustFS reports any parse failure of the document as InvalidRequest.
      throw S3Exception.invalidRequest(String.valueOf(e.getMessage()));
    }
  }
}
