package io.exordos.s3aas.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.WriteGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The role matrix, defined once and used by both front doors: the resource API checks it per
 * request (namespace = project), the MetaPaaS facade maps each of its operations to a resource and
 * verb and checks the same rules, and SelfSubjectRulesReview / SelfSubjectAccessReview report it.
 * docs/IAM.md prints it as a table.
 */
public final class AccessRules {
  public static final String GROUP = S3Instance.GROUP;
  public static final List<String> READ = List.of("get", "list", "watch");
  public static final List<String> ALL =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");
  public static final List<String> READ_UPDATE = List.of("get", "list", "watch", "update", "patch");

  /** The s3aas kinds children of an instance: operators and owners manage them fully. */
  public static final List<String> CHILDREN =
      List.of("buckets", "s3users", "s3policies", "accesskeys");

  /** S3Instance spec fields an operator may change (the seed's mutable fields). */
  public static final Set<String> OPERATOR_INSTANCE_FIELDS =
      Set.of("displayName", "encryption", "versioning", "mfaDelete");

  /** One rule as SelfSubjectRulesReview words it. */
  public record Rule(String apiGroup, List<String> resources, List<String> verbs) {}

  private AccessRules() {}

  /**
   * The rules of a role inside its own project (the namespace rule is added by {@link #allowed}).
   */
  public static List<Rule> rules(@Nullable Role role) {
    if (role == null) {
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    switch (role) {
      case OWNER -> {
        rules.add(new Rule(GROUP, concat("s3instances", CHILDREN), ALL));
        rules.add(new Rule("", List.of("secrets"), ALL));
      }
      case OPERATOR -> {
        rules.add(new Rule(GROUP, List.of("s3instances"), READ_UPDATE));
        rules.add(new Rule(GROUP, CHILDREN, ALL));
        rules.add(new Rule("", List.of("secrets"), ALL));
      }
      case VIEWER -> rules.add(new Rule(GROUP, concat("s3instances", CHILDREN), READ));
    }
    rules.add(new Rule(GROUP, statusOf(concat("s3instances", CHILDREN)), List.of("get")));
    rules.add(new Rule("", List.of("events"), READ));
    return rules;
  }

  /**
   * Whether a principal may do {@code verb} on {@code group/resource[/subresource]} in {@code
   * namespace} (null for cluster-scoped kinds and cross-namespace lists).
   */
  public static boolean allowed(
      Principal p,
      String verb,
      String group,
      String resource,
      @Nullable String subresource,
      @Nullable String namespace,
      @Nullable String name) {
    if (p.admin()) {
      return true;
    }
    Role role = p.role();
    String project = p.project();
    if (role == null || project == null) { // a member with a role has a project
      return false;
    }
    if (group.isEmpty() && resource.equals("namespaces") && subresource == null) {
      return verb.equals("get") && project.equals(name);
    }
    if (namespace == null || !namespace.equals(project)) {
      return false;
    }
    String res = subresource == null ? resource : resource + "/" + subresource;
    for (Rule r : rules(role)) {
      if (r.apiGroup().equals(group) && r.resources().contains(res) && r.verbs().contains(verb)) {
        return true;
      }
    }
    return false;
  }

  /** The 403 the resource API answers, worded as kube-apiserver's RBAC refusal. */
  public static ApiException forbidden(
      Principal p,
      String verb,
      String group,
      String resource,
      @Nullable String subresource,
      @Nullable String namespace,
      @Nullable String name) {
    Role role = p.role();
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    String res = subresource == null ? resource : resource + "/" + subresource;
    String message =
        qualified
            + (name == null ? "" : " \"" + name + "\"")
            + " is forbidden: User \""
            + p.name()
            + "\" cannot "
            + verb
            + " resource \""
            + res
            + "\" in API group \""
            + group
            + "\""
            + (namespace == null
                ? " at the cluster scope"
                : " in the namespace \"" + namespace + "\"")
            + (role == null
                ? " (the token grants no role)"
                : " (role " + role.id() + " in project " + p.project() + ")");
    return new ApiException(403, "Forbidden", message, name, group, resource, List.of());
  }

  /**
   * The field-level rule of an operator on S3Instance: only {@link #OPERATOR_INSTANCE_FIELDS} of
   * the spec (and labels/annotations) may change. Null for principals without a field rule.
   */
  public static @Nullable WriteGuard guard(Principal p, String group, String resource) {
    if (p.admin()
        || p.role() != Role.OPERATOR
        || !group.equals(GROUP)
        || !resource.equals("s3instances")) {
      return null;
    }
    return (current, next) -> {
      if (current == null) {
        return;
      }
      String field = forbiddenInstanceChange(current, next);
      if (field != null) {
        throw new ApiException(
            403,
            "Forbidden",
            "s3instances.s3aas.exordos.io \""
                + current.path("metadata").path("name").asText()
                + "\" is forbidden: role operator may not change "
                + field
                + " (an operator may change spec."
                + String.join(", spec.", new TreeSet<>(OPERATOR_INSTANCE_FIELDS))
                + ", labels and annotations)");
      }
    };
  }

  /** The first changed field an operator may not change (e.g. {@code spec.cpu}), or null. */
  public static @Nullable String forbiddenInstanceChange(ObjectNode current, ObjectNode next) {
    JsonNode a = current.path("spec");
    JsonNode b = next.path("spec");
    Set<String> keys = new TreeSet<>();
    a.fieldNames().forEachRemaining(keys::add);
    b.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      if (!OPERATOR_INSTANCE_FIELDS.contains(k) && !Objects.equals(a.get(k), b.get(k))) {
        return "spec." + k;
      }
    }
    for (String k : List.of("finalizers", "ownerReferences")) {
      if (!Objects.equals(current.path("metadata").get(k), next.path("metadata").get(k))) {
        return "metadata." + k;
      }
    }
    return null;
  }

  /** The rows of docs/IAM.md's resource-API matrix, for the test that keeps the doc honest. */
  public static Map<String, List<String>> matrix(Role role) {
    Map<String, List<String>> m = new java.util.LinkedHashMap<>();
    for (Rule r : rules(role)) {
      for (String res : r.resources()) {
        m.merge(
            (r.apiGroup().isEmpty() ? "" : r.apiGroup() + "/") + res,
            r.verbs(),
            (x, y) -> {
              List<String> u = new ArrayList<>(x);
              y.stream().filter(v -> !u.contains(v)).forEach(u::add);
              return u;
            });
      }
    }
    return m;
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out;
  }

  private static List<String> statusOf(List<String> resources) {
    return resources.stream().map(r -> r + "/status").toList();
  }
}
