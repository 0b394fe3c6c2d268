package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Legacy (v1) discovery documents: what kubectl reads to map kinds and short names to URLs. The
 * aggregated v2 format is optional for clients, and kubectl accepts these.
 */
final class Discovery {
  /** Groups served by fixed endpoints rather than the store. */
  static final Map<String, List<String[]>> EXTRA_GROUPS =
      Map.of(
          "authorization.k8s.io/v1",
              List.of(
                  new String[] {"selfsubjectrulesreviews", "SelfSubjectRulesReview"},
                  new String[] {"selfsubjectaccessreviews", "SelfSubjectAccessReview"}),
          "authentication.k8s.io/v1",
              List.<String[]>of(new String[] {"selfsubjectreviews", "SelfSubjectReview"}),
          "apiextensions.k8s.io/v1",
              List.<String[]>of(
                  new String[] {"customresourcedefinitions", "CustomResourceDefinition"}));

  private final ObjectMapper json;
  private final ResourceRegistry registry;

  Discovery(ObjectMapper json, ResourceRegistry registry) {
    this.json = json;
    this.registry = registry;
  }

  ObjectNode version() {
    ObjectNode v = json.createObjectNode();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", "v1.32.0-s3aas");
    v.put("gitCommit", "s3aas");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-11-28T00:00:00Z");
    v.put("goVersion", "java" + Runtime.version().feature());
    v.put("compiler", "javac");
    v.put("platform", "linux/amd64");
    return v;
  }

  ObjectNode coreVersions() {
    ObjectNode v = json.createObjectNode();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    v.putArray("serverAddressByClientCIDRs");
    return v;
  }

  ObjectNode groups() {
    ObjectNode list = json.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (String gv : groupVersions()) {
      groups.add(group(gv));
    }
    return list;
  }

  List<String> groupVersions() {
    java.util.TreeSet<String> gvs = new java.util.TreeSet<>(registry.byGroupVersion().keySet());
    gvs.addAll(EXTRA_GROUPS.keySet());
    gvs.remove("v1");
    return List.copyOf(gvs);
  }

  ObjectNode group(String groupVersion) {
    String[] parts = groupVersion.split("/", -1);
    ObjectNode g = json.createObjectNode();
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    g.put("name", parts[0]);
    ObjectNode version =
        json.createObjectNode().put("groupVersion", groupVersion).put("version", parts[1]);
    g.putArray("versions").add(version);
    g.set("preferredVersion", version.deepCopy());
    return g;
  }

  /** The APIResourceList of one group version, or null if this server does not serve it. */
  @Nullable ObjectNode resources(String groupVersion) {
    List<ResourceType> types = registry.byGroupVersion().get(groupVersion);
    List<String[]> extras = EXTRA_GROUPS.get(groupVersion);
    if (types == null && extras == null) {
      return null;
    }
    ObjectNode list = json.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType t : types == null ? List.<ResourceType>of() : types) {
      ObjectNode r = resources.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      ResourceType.VERBS.forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode shorts = r.putArray("shortNames");
        t.shortNames().forEach(shorts::add);
      }
      if (t.custom()) {
        r.putArray("categories").add("all").add("s3aas");
      }
      if (t.statusSubresource()) {
        ObjectNode s = resources.addObject();
        s.put("name", t.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        s.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    for (String[] extra : extras == null ? List.<String[]>of() : extras) {
      ObjectNode r = resources.addObject();
      r.put("name", extra[0]);
      r.put("singularName", extra[1].toLowerCase(java.util.Locale.ROOT));
      r.put("namespaced", false);
      r.put("kind", extra[1]);
      ArrayNode verbs = r.putArray("verbs");
      if (extra[0].equals("customresourcedefinitions")) {
        verbs.add("get").add("list");
        // as kube-apiserver: `kubectl get crd` works
        r.putArray("shortNames").add("crd").add("crds");
      } else {
        verbs.add("create");
      }
    }
    return list;
  }
}
