package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.iam.Principal;
import io.exordos.s3aas.server.iam.Role;

/**
 * The SelfSubjectReview {@code kubectl auth whoami} creates: who the bearer token authenticates as.
 * The groups name the token's project and role, so the answer says what the token may do.
 */
final class WhoAmI {
  private WhoAmI() {}

  static ObjectNode review(ObjectMapper json, Principal p) {
    ObjectNode review = json.createObjectNode();
    review.put("apiVersion", "authentication.k8s.io/v1");
    review.put("kind", "SelfSubjectReview");
    review.putObject("metadata");
    ObjectNode user = review.putObject("status").putObject("userInfo");
    user.put("username", p.name());
    ArrayNode groups = user.putArray("groups");
    Role role = p.role();
    if (p.admin()) {
      groups.add("s3aas:admin");
    } else if (p.project() != null) {
      groups.add("s3aas:project:" + p.project());
      if (role != null) {
        groups.add("s3aas:role:" + role.id());
      }
    }
    groups.add("system:authenticated");
    return review;
  }
}
