package io.exordos.s3aas.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.registry.ResourceType;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Authentication and authorization for both front doors. A bearer token is first compared with the
 * cluster admin token (kubectl via the kubeconfig of {@code s3aas up}, the operator), then given to
 * the configured {@link TokenValidator} ({@code local} or {@code exordos}). A project member's
 * namespace is created on first sight: a MetaPaaS project needs no separate setup.
 */
public final class Iam {
  private final AdminToken admin;
  private final TokenValidator members;
  private final ResourceService service;
  private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();

  public Iam(AdminToken admin, TokenValidator members, ResourceService service) {
    this.admin = admin;
    this.members = members;
    this.service = service;
  }

  public Optional<Principal> authenticate(@Nullable String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    if (admin.matches(bearerToken)) {
      return Optional.of(Principal.admin(AdminToken.PRINCIPAL));
    }
    Optional<Principal> p = members.validate(bearerToken);
    p.ifPresent(
        x -> {
          String project = x.project();
          if (x.role() != null && project != null) { // a member with a role has a project
            ensureNamespace(project);
          }
        });
    return p;
  }

  private void ensureNamespace(String project) {
    if (knownNamespaces.contains(project)) {
      return;
    }
    ResourceType namespaces = service.registry().find("", "v1", "namespaces").orElseThrow();
    ObjectNode ns = new ObjectMapper().createObjectNode();
    ns.putObject("metadata").put("name", project);
    try {
      service.create(namespaces, "", ns, WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
    knownNamespaces.add(project);
  }

  /** Refuses with 403 unless the principal may do this on the resource API. */
  public void authorize(
      Principal p,
      String verb,
      ResourceType type,
      @Nullable String namespace,
      @Nullable String name,
      boolean status) {
    String sub = status ? "status" : null;
    if (!AccessRules.allowed(p, verb, type.group(), type.plural(), sub, namespace, name)) {
      throw AccessRules.forbidden(p, verb, type.group(), type.plural(), sub, namespace, name);
    }
  }

  /** SelfSubjectRulesReview: the caller's real rules in {@code spec.namespace}. */
  public ObjectNode rulesReview(Principal p, JsonNode body, ObjectMapper json) {
    ObjectNode answer = body.deepCopy();
    String namespace = body.path("spec").path("namespace").asText("");
    ObjectNode status = answer.putObject("status");
    ArrayNode rules = status.putArray("resourceRules");
    ArrayNode nonResource = status.putArray("nonResourceRules");
    if (p.admin()) {
      ObjectNode all = rules.addObject();
      all.putArray("verbs").add("*");
      all.putArray("apiGroups").add("*");
      all.putArray("resources").add("*");
      nonResource.addObject().set("verbs", json.createArrayNode().add("*"));
      ((ObjectNode) nonResource.get(0)).putArray("nonResourceURLs").add("*");
    } else {
      if (p.role() != null) {
        ObjectNode ns = rules.addObject();
        ns.putArray("verbs").add("get");
        ns.putArray("apiGroups").add("");
        ns.putArray("resources").add("namespaces");
        ns.putArray("resourceNames").add(p.project());
      }
      if (p.role() != null && namespace.equals(p.project())) {
        for (AccessRules.Rule r : AccessRules.rules(p.role())) {
          ObjectNode o = rules.addObject();
          ArrayNode verbs = o.putArray("verbs");
          r.verbs().forEach(verbs::add);
          o.putArray("apiGroups").add(r.apiGroup());
          ArrayNode res = o.putArray("resources");
          r.resources().forEach(res::add);
        }
      }
      ObjectNode discovery = nonResource.addObject();
      discovery.putArray("verbs").add("get");
      ArrayNode urls = discovery.putArray("nonResourceURLs");
      for (String u :
          new String[] {"/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/version", "/v1/*"}) {
        urls.add(u);
      }
    }
    status.put("incomplete", false);
    return answer;
  }

  /** SelfSubjectAccessReview: whether the caller may do what {@code spec} asks. */
  public ObjectNode accessReview(Principal p, JsonNode body) {
    ObjectNode answer = body.deepCopy();
    JsonNode ra = body.path("spec").path("resourceAttributes");
    boolean allowed;
    if (ra.isObject()) {
      String ns = ra.path("namespace").asText("");
      String sub = ra.path("subresource").asText("");
      String name = ra.path("name").asText("");
      allowed =
          AccessRules.allowed(
              p,
              ra.path("verb").asText(""),
              ra.path("group").asText(""),
              ra.path("resource").asText(""),
              sub.isEmpty() ? null : sub,
              ns.isEmpty() ? null : ns,
              name.isEmpty() ? null : name);
    } else {
      String path = body.path("spec").path("nonResourceAttributes").path("path").asText("");
      allowed = p.admin() || !path.startsWith("/metrics");
    }
    ObjectNode status = answer.putObject("status");
    status.put("allowed", allowed);
    Role role = p.role();
    if (!allowed) {
      status.put(
          "reason",
          role == null
              ? "the token grants no role"
              : "role " + role.id() + " in project " + p.project() + " does not allow it");
    }
    return answer;
  }
}
