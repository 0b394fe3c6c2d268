package io.exordos.s3aas.server.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every cell of the role matrix in docs/IAM.md: role × endpoint × verb on the facade (every route
 * of its table, aliases included) and role × kind × verb on the resource API, each checked against
 * an expectation written here by hand (not derived from AccessRules), plus the field-level rules
 * and the self-subject reviews.
 */
class RoleMatrixTest {
  static final String P = "proj-m";
  static final String I = "/v1/types/s3/instances";
  static final Map<String, Object> DOC =
      Map.of(
          "Version",
          "2012-10-17",
          "Statement",
          List.of(
              Map.of(
                  "Effect",
                  "Allow",
                  "Action",
                  List.of("s3:GetObject"),
                  "Resource",
                  List.of("arn:aws:s3:::x/*"))));

  static TestServer server;
  static ApiClient admin;
  static final Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
  // from 100: the names made from it (c101, k102) are valid S3 bucket names, 3 characters or more
  static final AtomicInteger seq = new AtomicInteger(100);
  static String instanceId;
  static String accessKey;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    admin = new ApiClient(server.url(), server.token(), null);
    for (Role r : Role.values()) {
      clients.put(
          r,
          new ApiClient(
              server.url(), server.server().tokens().create(P, r, "matrix", null).token(), null));
    }
    instanceId = adminCreate(I, Map.of("name", "main", "version", "0.0.1")).path("id").asText();
    adminCreate(I + "/" + instanceId + "/buckets", Map.of("name", "bkt"));
    adminCreate(I + "/" + instanceId + "/policies", Map.of("name", "pol", "content", DOC));
    adminCreate(I + "/" + instanceId + "/users", Map.of("name", "usr"));
    accessKey =
        adminCreate(I + "/" + instanceId + "/users/usr/access-keys", Map.of())
            .path("access_key")
            .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode adminCreate(String path, Object body) {
    Response r = admin.post(path + "?project_id=" + P, body);
    assertThat(r.status()).as(path + " " + r).isEqualTo(201);
    return r.json();
  }

  /** The expectation, by hand: may this role do this operation on this facade resource? */
  static boolean expected(Role role, String resource, Op op) {
    if (resource.equals("versions") || role == Role.OWNER) {
      return true;
    }
    boolean read = op == Op.LIST || op == Op.GET;
    if (role == Role.VIEWER) {
      return read;
    }
    return resource.equals("s3instances") ? read || op == Op.UPDATE : true;
  }

  @Test
  void everyFacadeRouteForEveryRole() {
    List<Route> routes = server.server().facade().routeTable();
    assertThat(routes).hasSizeGreaterThan(30);
    List<String> cells = new ArrayList<>();
    for (Role role : Role.values()) {
      for (Route route : routes) {
        String path = route.path();
        Object body = null;
        String n = "c" + seq.incrementAndGet();
        String child =
            switch (route.resource()) {
              case "buckets" -> "bkt";
              case "s3users" -> "usr";
              case "s3policies" -> "pol";
              default -> null;
            };
        String inst = instanceId;
        String user = "usr";
        String key = accessKey;
        if (route.op() == Op.DELETE) {
          // a fresh target per delete cell, made by the admin
          switch (route.resource()) {
            case "s3instances" ->
                inst = adminCreate(I, Map.of("name", n, "version", "0.0.1")).path("id").asText();
            case "buckets" ->
                child =
                    adminCreate(I + "/" + inst + "/buckets", Map.of("name", n))
                        .path("name")
                        .asText();
            case "s3users" ->
                child =
                    adminCreate(I + "/" + inst + "/users", Map.of("name", n)).path("name").asText();
            case "s3policies" ->
                child =
                    adminCreate(I + "/" + inst + "/policies", Map.of("name", n, "content", DOC))
                        .path("name")
                        .asText();
            case "accesskeys" ->
                key =
                    adminCreate(I + "/" + inst + "/users/usr/access-keys", Map.of())
                        .path("access_key")
                        .asText();
            default -> {}
          }
        }
        if (route.op() == Op.CREATE) {
          body =
              switch (route.resource()) {
                case "s3instances" -> Map.of("name", n, "version", "0.0.1");
                case "buckets", "s3users" -> Map.of("name", n);
                case "s3policies" -> Map.of("name", n, "content", DOC);
                default -> Map.of();
              };
        }
        if (route.op() == Op.UPDATE) {
          body =
              switch (route.resource()) {
                case "s3instances" -> Map.of("versioning", seq.get() % 2 == 0);
                case "buckets" -> Map.of("quota_bytes", seq.get());
                case "s3users" -> Map.of("policies", List.of("readonly"));
                case "s3policies" -> Map.of("content", DOC);
                default -> Map.of("enabled", true);
              };
        }
        path =
            path.replace("{id}", inst)
                .replace("{user}", user)
                .replace("{key}", key)
                .replace("{version}", "0.0.1");
        if (child != null) {
          path = path.replace("{name}", child);
        }
        Response r = clients.get(role).send(route.method(), path, ApiClient.JSON, body);
        boolean allowed = expected(role, route.resource(), route.op());
        String cell = role.id() + " " + route.method() + " " + route.path() + " -> " + r.status();
        cells.add(cell);
        if (allowed) {
          assertThat(r.status()).as(cell + " " + r.body()).isBetween(200, 299);
        } else {
          assertThat(r.status()).as(cell + " " + r.body()).isEqualTo(403);
          assertThat(r.json().path("code").asInt()).isEqualTo(403);
        }
        if (r.body() != null
            && !(route.resource().equals("accesskeys") && route.op() == Op.CREATE)) {
          assertThat(r.body()).as(cell).doesNotContain("secret_key");
        }
      }
    }
    assertThat(cells).hasSize(3 * routes.size());
  }

  @Test
  void fieldLevelRulesOfTheInstance() {
    // operator: the seed's mutable fields yes, sizing no (owner only)
    ApiClient operator = clients.get(Role.OPERATOR);
    for (var e :
        Map.<String, Object>of(
                "name",
                "renamed-by-operator",
                "encryption",
                "aes256",
                "versioning",
                true,
                "mfa_delete",
                false)
            .entrySet()) {
      Response r =
          operator.patch(I + "/" + instanceId, ApiClient.JSON, Map.of(e.getKey(), e.getValue()));
      assertThat(r.status()).as(e.getKey() + " " + r).isEqualTo(200);
    }
    for (var e : Map.<String, Object>of("cpu", 2, "ram", 2048, "disk_size", 20).entrySet()) {
      Response r =
          operator.patch(I + "/" + instanceId, ApiClient.JSON, Map.of(e.getKey(), e.getValue()));
      assertThat(r.status()).as(e.getKey() + " " + r).isEqualTo(403);
      assertThat(r.json().path("field").asText()).isEqualTo(e.getKey());
      Response o =
          clients
              .get(Role.OWNER)
              .patch(I + "/" + instanceId, ApiClient.JSON, Map.of(e.getKey(), e.getValue()));
      assertThat(o.status()).as(e.getKey() + " " + o).isEqualTo(200);
    }
    // the same rule on the resource API
    String k8s = "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + P + "/s3instances/" + instanceId;
    Response cpu = operator.patch(k8s, ApiClient.MERGE, Map.of("spec", Map.of("cpu", 4)));
    assertThat(cpu.status()).as(cpu.toString()).isEqualTo(403);
    assertThat(cpu.body()).contains("spec.cpu");
    Response versioning =
        operator.patch(k8s, ApiClient.MERGE, Map.of("spec", Map.of("versioning", false)));
    assertThat(versioning.status()).as(versioning.toString()).isEqualTo(200);
    Response status =
        clients
            .get(Role.OWNER)
            .patch(k8s + "/status", ApiClient.MERGE, Map.of("status", Map.of("phase", "ACTIVE")));
    assertThat(status.status()).as("status is the operator's (admin) to write").isEqualTo(403);
  }

  /** By hand: the resource-API verbs each role has on each kind in its own namespace. */
  static boolean expectedKube(Role role, String resource, String verb) {
    boolean read = verb.equals("get") || verb.equals("list");
    return switch (resource) {
      case "events" -> read;
      case "secrets" -> role != Role.VIEWER;
      case "s3instances" ->
          role == Role.OWNER || read || (role == Role.OPERATOR && verb.equals("patch"));
      default -> role != Role.VIEWER || read;
    };
  }

  @Test
  void everyResourceApiKindAndVerbForEveryRole() {
    Map<String, String> base =
        Map.of(
            "s3instances", "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + P + "/s3instances",
            "buckets", "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + P + "/buckets",
            "s3users", "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + P + "/s3users",
            "s3policies", "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + P + "/s3policies",
            "accesskeys", "/apis/s3aas.exordos.io/v1alpha1/namespaces/" + P + "/accesskeys",
            "secrets", "/api/v1/namespaces/" + P + "/secrets",
            "events", "/api/v1/namespaces/" + P + "/events");
    Map<String, String> kinds =
        Map.of(
            "s3instances",
            "S3Instance",
            "buckets",
            "Bucket",
            "s3users",
            "S3User",
            "s3policies",
            "S3Policy",
            "accesskeys",
            "AccessKey",
            "secrets",
            "Secret",
            "events",
            "Event");
    int cells = 0;
    for (Role role : Role.values()) {
      ApiClient c = clients.get(role);
      for (var e : base.entrySet()) {
        String resource = e.getKey();
        String group = e.getValue().startsWith("/apis/") ? "s3aas.exordos.io" : "";
        for (String verb : List.of("get", "list", "create", "patch", "delete")) {
          String name = "k" + seq.incrementAndGet();
          Object obj = object(kinds.get(resource), group, name);
          if (!verb.equals("create") && !verb.equals("list")) {
            Response made = admin.post(e.getValue(), obj);
            assertThat(made.status()).as(resource + " " + made).isEqualTo(201);
          }
          Response r =
              switch (verb) {
                case "get" -> c.get(e.getValue() + "/" + name);
                case "list" -> c.get(e.getValue());
                case "create" -> c.post(e.getValue(), obj);
                case "patch" ->
                    c.patch(
                        e.getValue() + "/" + name,
                        ApiClient.MERGE,
                        Map.of("metadata", Map.of("labels", Map.of("touched", "yes"))));
                default -> c.delete(e.getValue() + "/" + name);
              };
          String cell = role.id() + " " + verb + " " + resource + " -> " + r.status();
          if (expectedKube(role, resource, verb)) {
            assertThat(r.status()).as(cell + " " + r.body()).isBetween(200, 299);
          } else {
            assertThat(r.status()).as(cell + " " + r.body()).isEqualTo(403);
            assertThat(r.json().path("kind").asText()).isEqualTo("Status");
          }
          // the review says the same
          Response review =
              c.post(
                  "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                  Map.of(
                      "apiVersion",
                      "authorization.k8s.io/v1",
                      "kind",
                      "SelfSubjectAccessReview",
                      "spec",
                      Map.of(
                          "resourceAttributes",
                          Map.of(
                              "namespace",
                              P,
                              "verb",
                              verb,
                              "group",
                              group,
                              "resource",
                              resource))));
          assertThat(review.json().at("/status/allowed").asBoolean())
              .as("review " + cell)
              .isEqualTo(expectedKube(role, resource, verb));
          cells++;
        }
      }
    }
    assertThat(cells).isEqualTo(3 * 7 * 5);
  }

  static Map<String, Object> object(String kind, String group, String name) {
    Map<String, Object> spec =
        switch (kind) {
          case "S3Instance" -> Map.of("version", "0.0.1");
          case "Bucket", "S3User" -> Map.of("instanceRef", instanceId);
          case "S3Policy" -> Map.of("instanceRef", instanceId, "document", DOC);
          case "AccessKey" -> Map.of("userRef", instanceId + ".usr");
          default -> null;
        };
    var o = new java.util.LinkedHashMap<String, Object>();
    o.put("apiVersion", group.isEmpty() ? "v1" : group + "/v1alpha1");
    o.put("kind", kind);
    o.put("metadata", Map.of("name", name));
    if (spec != null) {
      o.put("spec", spec);
    }
    if (kind.equals("Secret")) {
      o.put("stringData", Map.of("k", "v"));
    }
    if (kind.equals("Event")) {
      o.put("involvedObject", Map.of("kind", "S3Instance", "name", instanceId, "namespace", P));
      o.put("reason", "Test");
      o.put("message", "m");
    }
    return o;
  }

  @Test
  void rulesReviewReflectsTheRole() {
    for (Role role : Role.values()) {
      Response r =
          clients
              .get(role)
              .post(
                  "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                  Map.of(
                      "apiVersion",
                      "authorization.k8s.io/v1",
                      "kind",
                      "SelfSubjectRulesReview",
                      "spec",
                      Map.of("namespace", P)));
      assertThat(r.status()).isEqualTo(201);
      String rules = r.json().at("/status/resourceRules").toString();
      assertThat(rules).doesNotContain("\"*\"");
      assertThat(rules.contains("secrets")).as(role + " " + rules).isEqualTo(role != Role.VIEWER);
      Response other =
          clients
              .get(role)
              .post(
                  "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                  Map.of(
                      "apiVersion",
                      "authorization.k8s.io/v1",
                      "kind",
                      "SelfSubjectRulesReview",
                      "spec",
                      Map.of("namespace", "elsewhere")));
      assertThat(other.json().at("/status/resourceRules").toString()).doesNotContain("s3instances");
    }
    Response a =
        admin.post(
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            Map.of(
                "apiVersion",
                "authorization.k8s.io/v1",
                "kind",
                "SelfSubjectRulesReview",
                "spec",
                Map.of("namespace", P)));
    assertThat(a.json().at("/status/resourceRules/0/verbs/0").asText()).isEqualTo("*");
    assertThat(Set.of(clients.get(Role.VIEWER).get("/metrics").status())).containsExactly(403);
  }
}
