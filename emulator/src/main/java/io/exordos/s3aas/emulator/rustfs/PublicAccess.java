package io.exordos.s3aas.emulator.rustfs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** A bucket's public access block settings and whether a bucket policy makes it public. */
final class PublicAccess {
  private PublicAccess() {}

  /** BlockPublicPolicy: a bucket policy that grants public access is refused. */
  static boolean blocksPolicy(NodeStore.Bucket b) {
    return setting(b, "BlockPublicPolicy");
  }

  private static boolean setting(NodeStore.Bucket b, String name) {
    if (b.publicAccessBlock == null) {
      return false;
    }
    String v =
        Xml.text(
            Xml.parse(
                b.publicAccessBlock.getBytes(StandardCharsets.UTF_8),
                "PublicAccessBlockConfiguration"),
            name);
    return "true".equalsIgnoreCase(v);
  }

  /** Whether a policy allows anyone (Principal "*") to do something. */
  static boolean policyIsPublic(@Nullable String policy) {
    if (policy == null) {
      return false;
    }
    try {
      JsonNode doc = Policies.JSON.readTree(policy);
      JsonNode statements = doc.path("Statement");
      for (JsonNode st :
          statements.isArray() ? statements : Policies.JSON.createArrayNode().add(statements)) {
        if (!st.path("Effect").asText().equals("Allow") || st.has("Condition")) {
          continue;
        }
        JsonNode p = st.path("Principal");
        JsonNode aws = p.isObject() ? p.path("AWS") : p;
        if (Policies.strings(aws).contains("*")) {
          return true;
        }
      }
      return false;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
