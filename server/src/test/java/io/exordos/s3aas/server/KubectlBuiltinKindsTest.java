package io.exordos.s3aas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.server.iam.Role;
import io.exordos.s3aas.server.testing.Kubectl;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (v1.32) on the paths it takes for built-in kinds: its typed clients send
 * Namespace, Secret and the self-subject reviews protobuf-encoded ({@code create namespace}, {@code
 * create secret}, {@code auth can-i}); a {@code kind: List} file is validated on the client against
 * {@code /openapi/v2} (the export / re-apply round trip); {@code describe} finds events by an
 * {@code involvedObject} field selector. Members of project {@code team} use their own kubeconfig.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlBuiltinKindsTest {
  private static final String PROJECT = "team";
  private static TestServer server;
  private static ApiClient api;
  private static Kubectl admin;
  private static final Map<Role, Kubectl> members = new LinkedHashMap<>();

  @TempDir static Path temp;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.client();
    admin = new Kubectl(server);
    for (Role role : List.of(Role.OWNER, Role.OPERATOR, Role.VIEWER)) {
      var created = server.server().tokens().create(PROJECT, role, "", null);
      members.put(role, new Kubectl(server, created.token(), PROJECT));
    }
  }

  @AfterAll
  static void stop() {
    members.values().forEach(Kubectl::close);
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Kubectl.Result ok(Kubectl kubectl, String... args) {
    Kubectl.Result r = kubectl.run(args);
    assertThat(r.exitCode()).as("kubectl %s\n%s", String.join(" ", args), r).isZero();
    return r;
  }

  private static JsonNode json(Kubectl.Result r) {
    return ApiClient.json(r.stdout());
  }

  @Test
  @Order(1)
  void adminCreatesANamespace() {
    assertThat(ok(admin, "create", "namespace", "archive").stdout())
        .isEqualTo("namespace/archive created\n");
    JsonNode ns = json(ok(admin, "get", "namespace", "archive", "-o", "json"));
    assertThat(ns.path("status").path("phase").asText()).isEqualTo("Active");
    // fields a Go client leaves at their zero value are not stored as empty strings
    assertThat(ns.path("metadata").has("generateName")).isFalse();

    Kubectl.Result refused = members.get(Role.OWNER).run("create", "namespace", "elsewhere");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr())
        .contains("namespaces is forbidden")
        .contains("cannot create resource \"namespaces\"");
  }

  @Test
  @Order(2)
  void membersWhoMayWriteSecretsCreateThemAndAViewerIsRefused() {
    assertThat(
            ok(
                    members.get(Role.OWNER),
                    "create",
                    "secret",
                    "generic",
                    "creds",
                    "--from-literal=accessKeyId=AKIAEXAMPLE",
                    "--from-literal=secretAccessKey=wJalrXUtnFEMI")
                .stdout())
        .isEqualTo("secret/creds created\n");
    JsonNode secret = json(ok(admin, "get", "secret", "creds", "-n", PROJECT, "-o", "json"));
    assertThat(secret.path("type").asText()).isEqualTo("Opaque");
    assertThat(decode(secret.path("data").path("accessKeyId").asText())).isEqualTo("AKIAEXAMPLE");
    assertThat(decode(secret.path("data").path("secretAccessKey").asText()))
        .isEqualTo("wJalrXUtnFEMI");

    assertThat(
            ok(
                    members.get(Role.OPERATOR),
                    "create",
                    "secret",
                    "generic",
                    "tls-ish",
                    "--type=s3aas.exordos.io/credentials",
                    "--from-literal=k=v")
                .stdout())
        .isEqualTo("secret/tls-ish created\n");
    assertThat(
            json(ok(admin, "get", "secret", "tls-ish", "-n", PROJECT, "-o", "json"))
                .path("type")
                .asText())
        .isEqualTo("s3aas.exordos.io/credentials");

    Kubectl.Result refused =
        members
            .get(Role.VIEWER)
            .run("create", "secret", "generic", "peek", "--from-literal=secretAccessKey=x");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr())
        .startsWith("error: failed to create secret secrets is forbidden: User \"")
        .contains(
            "cannot create resource \"secrets\" in API group \"\" in the namespace \"team\""
                + " (role viewer in project team)")
        .doesNotContain("secretAccessKey=x");
    assertThat(api.get("/api/v1/namespaces/team/secrets/peek").status()).isEqualTo(404);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** One row of docs/IAM.md's resource-API matrix, as kubectl auth can-i asks it. */
  private record Question(List<String> args, boolean owner, boolean operator, boolean viewer) {
    boolean expected(Role role) {
      return switch (role) {
        case OWNER -> owner;
        case OPERATOR -> operator;
        case VIEWER -> viewer;
      };
    }
  }

  private static Question q(String question, boolean owner, boolean operator, boolean viewer) {
    return new Question(List.of(question.split(" ", -1)), owner, operator, viewer);
  }

  @Test
  @Order(3)
  void authCanIAnswersTruthfullyForEveryRole() {
    List<Question> questions =
        List.of(
            q("get s3instances", true, true, true),
            q("create s3instances", true, false, false),
            q("update s3instances", true, true, false),
            q("delete s3instances", true, false, false),
            q("create buckets", true, true, false),
            q("list buckets", true, true, true),
            q("patch s3users", true, true, false),
            q("delete s3policies", true, true, false),
            q("create accesskeys", true, true, false),
            q("watch accesskeys", true, true, true),
            q("create secrets", true, true, false),
            q("get secrets", true, true, false),
            q("list events", true, true, true),
            q("create events", false, false, false),
            q("get s3instances --subresource=status", true, true, true),
            q("update s3instances --subresource=status", false, false, false),
            q("get buckets -n default", false, false, false),
            q("get namespaces/team", true, true, true),
            q("create namespaces", false, false, false),
            q("list leases", false, false, false));
    List<String> wrong = new ArrayList<>();
    members.forEach(
        (role, kubectl) -> {
          for (Question question : questions) {
            List<String> args = new ArrayList<>(List.of("auth", "can-i"));
            args.addAll(question.args());
            Kubectl.Result r = kubectl.run(args.toArray(String[]::new));
            boolean expected = question.expected(role);
            boolean answeredYes = r.exitCode() == 0 && r.stdout().startsWith("yes");
            boolean answeredNo = r.exitCode() == 1 && r.stdout().startsWith("no");
            if (expected ? !answeredYes : !answeredNo) {
              wrong.add(role.id() + " " + String.join(" ", question.args()) + " -> " + r);
            }
          }
        });
    assertThat(wrong).isEmpty();
    assertThat(ok(admin, "auth", "can-i", "create", "namespaces").stdout()).isEqualTo("yes\n");
  }

  @Test
  @Order(4)
  void authCanIListShowsEachRolesRules() {
    Map<String, String> viewer = rules(members.get(Role.VIEWER));
    assertThat(viewer)
        .containsEntry("s3instances.s3aas.exordos.io", "[get list watch]")
        .containsEntry("buckets.s3aas.exordos.io", "[get list watch]")
        .containsEntry("events", "[get list watch]")
        .doesNotContainKey("secrets");
    Map<String, String> operator = rules(members.get(Role.OPERATOR));
    assertThat(operator)
        .containsEntry("s3instances.s3aas.exordos.io", "[get list watch update patch]")
        .containsEntry("buckets.s3aas.exordos.io", "[get list watch create update patch delete]")
        .containsEntry("secrets", "[get list watch create update patch delete]");
    Map<String, String> owner = rules(members.get(Role.OWNER));
    assertThat(owner)
        .containsEntry(
            "s3instances.s3aas.exordos.io", "[get list watch create update patch delete]");
    // nothing in a namespace other than the project's
    Kubectl.Result elsewhere = ok(members.get(Role.OWNER), "auth", "can-i", "--list", "-n", "x");
    assertThat(elsewhere.stdout()).doesNotContain("s3aas.exordos.io ").doesNotContain("secrets");
  }

  @Test
  @Order(4)
  void authWhoamiNamesTheProjectAndRole() {
    String viewer = ok(members.get(Role.VIEWER), "auth", "whoami").stdout();
    assertThat(viewer)
        .containsPattern("Username\\s+token:")
        .containsPattern(
            "Groups\\s+\\[s3aas:project:team s3aas:role:viewer system:authenticated\\]");
    assertThat(ok(admin, "auth", "whoami").stdout()).contains("[s3aas:admin system:authenticated]");
  }

  /** {@code kubectl auth can-i --list}: resource → verbs, for rows without resource names. */
  private static Map<String, String> rules(Kubectl kubectl) {
    Map<String, String> rules = new LinkedHashMap<>();
    for (String line : ok(kubectl, "auth", "can-i", "--list").stdout().split("\n", -1)) {
      String[] cells = line.trim().split("\\s{2,}", -1);
      if (cells.length == 4 && cells[1].equals("[]") && cells[2].equals("[]")) {
        rules.put(cells[0], cells[3]);
      }
    }
    return rules;
  }

  @Test
  @Order(5)
  void exportedListsReapplyWithDefaultValidation() throws IOException {
    ok(admin, "apply", "-f", examples().toString());
    Path backup = temp.resolve("backup.yaml");
    Files.writeString(backup, ok(admin, "get", "bkt,pol", "-o", "yaml").stdout());
    assertThat(Files.readString(backup)).startsWith("apiVersion: v1\nitems:\n");

    // the first re-apply records the whole exported object as last-applied
    assertThat(ok(admin, "apply", "-f", backup.toString()).stdout())
        .isEqualTo(
            """
            bucket.s3aas.exordos.io/reports configured
            s3policy.s3aas.exordos.io/reports-rw configured
            """);
    // (as on any cluster, an export carries its resourceVersion: a later change starts from a new
    // one)
    Files.writeString(backup, ok(admin, "get", "bkt,pol", "-o", "yaml").stdout());

    String yaml = Files.readString(backup);
    Files.writeString(backup, yaml.replace("quotaBytes: 10737418240", "quotaBytes: 21474836480"));
    assertThat(ok(admin, "apply", "-f", backup.toString()).stdout())
        .contains("bucket.s3aas.exordos.io/reports configured");
    assertThat(ok(admin, "get", "bkt", "reports", "-o", "jsonpath={.spec.quotaBytes}").stdout())
        .isEqualTo("21474836480");

    // kubectl really validates the List against /openapi/v2: a misspelt field never leaves it
    Files.writeString(backup, yaml.replace("quotaBytes:", "quotaBites:"));
    Kubectl.Result typo = admin.run("apply", "-f", backup.toString());
    assertThat(typo.exitCode()).isEqualTo(1);
    assertThat(typo.stderr())
        .contains("ValidationError(Bucket.spec): unknown field \"quotaBites\"");
    assertThat(ok(admin, "get", "bkt", "reports", "-o", "jsonpath={.spec.quotaBytes}").stdout())
        .isEqualTo("21474836480");
  }

  @Test
  @Order(6)
  void describeShowsEachKindsEventsNewestLast() {
    Map<String, String> objects = new LinkedHashMap<>();
    objects.put("s3instances", "data");
    objects.put("buckets", "reports");
    objects.put("s3policies", "reports-rw");
    objects.put("s3users", "reporting-app");
    objects.put("accesskeys", "reporting-app-key");
    int n = 0;
    for (Map.Entry<String, String> o : objects.entrySet()) {
      JsonNode object =
          api.get(
                  "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/"
                      + o.getKey()
                      + "/"
                      + o.getValue())
              .json();
      // recorded out of order: describe sorts by last timestamp
      event(object, "e" + n++, "Provisioned", "second thing", "2026-12-07T01:00:10Z");
      event(object, "e" + n++, "Accepted", "first thing", "2026-12-07T01:00:00Z");
    }
    // same name, another kind: not this object's event
    JsonNode instance =
        api.get("/apis/s3aas.exordos.io/v1alpha1/namespaces/default/s3instances/data").json();
    JsonNode stranger = instance.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) stranger).put("kind", "Bucket");
    ((com.fasterxml.jackson.databind.node.ObjectNode) stranger.path("metadata"))
        .put("uid", "00000000-0000-0000-0000-000000000000");
    event(stranger, "stranger", "NotMine", "someone else", "2026-12-07T01:00:05Z");

    for (Map.Entry<String, String> o : objects.entrySet()) {
      String out = ok(admin, "describe", o.getKey(), o.getValue()).stdout();
      String events = out.substring(out.indexOf("\nEvents:"));
      assertThat(events).as(o.getKey()).contains("Accepted").contains("Provisioned");
      assertThat(events.indexOf("first thing")).isLessThan(events.indexOf("second thing"));
      assertThat(events).doesNotContain("NotMine");
    }
  }

  private static void event(
      JsonNode about, String name, String reason, String message, String time) {
    Map<String, Object> involved = new LinkedHashMap<>();
    involved.put("apiVersion", about.path("apiVersion").asText());
    involved.put("kind", about.path("kind").asText());
    involved.put("name", about.path("metadata").path("name").asText());
    involved.put("namespace", "default");
    involved.put("uid", about.path("metadata").path("uid").asText());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    event.put("metadata", Map.of("name", name, "namespace", "default"));
    event.put("involvedObject", involved);
    event.put("type", "Normal");
    event.put("reason", reason);
    event.put("message", message);
    event.put("firstTimestamp", time);
    event.put("lastTimestamp", time);
    event.put("count", 1);
    event.put("source", Map.of("component", "s3aas-operator"));
    assertThat(api.post("/api/v1/namespaces/default/events", event).status()).isEqualTo(201);
  }

  private static Path examples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("examples/01-instance.yaml"))) {
        return dir.resolve("examples");
      }
    }
    throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
  }
}
