package io.exordos.s3aas.server;

import static io.exordos.s3aas.testsupport.ApiClient.MERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.server.testing.Kubectl;
import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (v1.32) against a running server over HTTPS, with its own kubeconfig and
 * discovery cache. The methods run in order on one server: apply, re-apply, change, read, watch,
 * patch, refuse, delete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlAcceptanceTest {
  private static final String DATA =
      "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/s3instances/data";
  private static TestServer server;
  private static ApiClient api;
  private static Kubectl kubectl;
  private static Path examples;

  @TempDir static Path temp;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.client();
    kubectl = new Kubectl(server);
    examples = findExamples();
  }

  @AfterAll
  static void stop() {
    if (kubectl != null) {
      kubectl.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Path findExamples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("examples/01-instance.yaml"))) {
        return dir.resolve("examples");
      }
    }
    throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
  }

  private static Kubectl.Result ok(String... args) {
    Kubectl.Result r = kubectl.run(args);
    assertThat(r.exitCode()).as("kubectl %s\n%s", String.join(" ", args), r).isZero();
    return r;
  }

  private static Path manifest(String name, String yaml) throws IOException {
    Path f = temp.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private static void awaitLine(
      Kubectl.Background process, java.util.function.Predicate<String> line) {
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> process.stdout().stream().anyMatch(line));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no such line from kubectl; stdout: " + process.stdout() + " stderr: " + process.stderr(),
          e);
    }
  }

  /**
   * The cells of a kubectl table row by column header (kubectl aligns cells under headers; empty
   * cells stay blank).
   */
  private static Map<String, String> row(String header, String line) {
    Map<String, String> cells = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(header);
    List<int[]> spans = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group());
      spans.add(new int[] {m.start()});
    }
    for (int i = 0; i < names.size(); i++) {
      int from = spans.get(i)[0];
      int to = i + 1 < names.size() ? spans.get(i + 1)[0] : line.length();
      cells.put(
          names.get(i),
          from >= line.length() ? "" : line.substring(from, Math.min(to, line.length())).trim());
    }
    return cells;
  }

  @Test
  @Order(1)
  void applyCreatesEveryExample() {
    Kubectl.Result r = ok("apply", "-f", examples.toString());
    assertThat(r.stdout())
        .contains(
            "s3instance.s3aas.exordos.io/data created",
            "bucket.s3aas.exordos.io/reports created",
            "s3policy.s3aas.exordos.io/reports-rw created",
            "s3user.s3aas.exordos.io/reporting-app created",
            "accesskey.s3aas.exordos.io/reporting-app-key created");
    Response data = api.get(DATA);
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.text("/spec/bucketName")).isEqualTo("data-bucket");
    assertThat(data.text("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"))
        .contains("data-bucket");
  }

  @Test
  @Order(2)
  void reapplyIsUnchanged() {
    String rv = api.get(DATA).rv();
    Kubectl.Result r = ok("apply", "-f", examples.toString());
    assertThat(r.stdout().lines().toList())
        .hasSize(5)
        .allMatch(l -> l.endsWith(" unchanged"), "every line unchanged");
    assertThat(api.get(DATA).rv()).isEqualTo(rv);
  }

  @Test
  @Order(3)
  void applyingAChangeConfiguresOnlyThatObject() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("changed"));
    try (Stream<Path> files = Files.list(examples)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path instance = dir.resolve("01-instance.yaml");
    String yaml = Files.readString(instance);
    assertThat(yaml).contains("versioning: true");
    Files.writeString(
        instance, yaml.replace("versioning: true", "versioning: false\n  diskSizeGb: 20"));

    Kubectl.Result r = ok("apply", "-f", dir.toString());
    assertThat(r.stdout())
        .contains(
            "s3instance.s3aas.exordos.io/data configured",
            "bucket.s3aas.exordos.io/reports unchanged");
    Response data = api.get(DATA);
    assertThat(data.json().at("/spec/versioning").asBoolean()).isFalse();
    assertThat(data.json().at("/spec/diskSizeGb").asInt()).isEqualTo(20);
    assertThat(data.json().at("/metadata/generation").asLong()).isEqualTo(2);
  }

  @Test
  @Order(4)
  void getShowsPrinterColumnsAndYaml() {
    api.patch(DATA + "/status", MERGE, Map.of("status", Map.of("phase", "CREATING")));
    Kubectl.Result r = ok("get", "s3instances");
    List<String> lines = r.stdout().lines().toList();
    Map<String, String> cells = row(lines.get(0), lines.get(1));
    assertThat(cells)
        .containsOnlyKeys("NAME", "VERSION", "NODES", "PHASE", "ENDPOINT", "USED%", "AGE");
    assertThat(cells)
        .containsEntry("NAME", "data")
        .containsEntry("VERSION", "0.0.1")
        .containsEntry("NODES", "1")
        .containsEntry("PHASE", "CREATING")
        .containsEntry("ENDPOINT", "")
        .containsEntry("USED%", "");
    assertThat(cells.get("AGE")).matches("\\d+s");

    Kubectl.Result wide = ok("get", "s3i", "-o", "wide");
    List<String> wideLines = wide.stdout().lines().toList();
    assertThat(row(wideLines.get(0), wideLines.get(1)))
        .containsEntry("BUCKET", "data-bucket")
        .containsEntry("ENCRYPTION", "aes256");

    Kubectl.Result yaml = ok("get", "s3instance", "data", "-o", "yaml");
    assertThat(yaml.stdout())
        .contains(
            "kind: S3Instance",
            "apiVersion: s3aas.exordos.io/v1alpha1",
            "bucketName: data-bucket",
            "phase: CREATING",
            "uid: ",
            "resourceVersion: ");

    Kubectl.Result all = ok("get", "buckets", "-A");
    assertThat(all.stdout()).containsPattern("default\\s+reports");
  }

  @Test
  @Order(5)
  void watchSeesAStatusChangeMadeByAnotherClient() {
    try (Kubectl.Background watch = kubectl.start("get", "s3i", "data", "-w")) {
      awaitLine(watch, l -> l.startsWith("data "));
      // Quiet for longer than two heartbeats (blank lines, as kubectl asks for no bookmarks): the
      // watch lives through them and still shows the next change.
      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(watch::isAlive);
      Response r =
          api.patch(
              DATA + "/status",
              MERGE,
              Map.of("status", Map.of("phase", "ACTIVE", "endpoint", "http://10.0.0.7:9000")));
      assertThat(r.status()).isEqualTo(200);
      awaitLine(
          watch,
          l -> l.startsWith("data ") && l.contains("ACTIVE") && l.contains("http://10.0.0.7:9000"));
      assertThat(watch.isAlive())
          .as("kubectl get -w keeps watching; stderr: %s", watch.stderr())
          .isTrue();
    }
  }

  @Test
  @Order(6)
  void patchMergeAndStatusSubresource() {
    Kubectl.Result spec =
        ok("patch", "s3i", "data", "--type", "merge", "-p", "{\"spec\":{\"diskSizeGb\":30}}");
    assertThat(spec.stdout()).contains("s3instance.s3aas.exordos.io/data patched");
    Kubectl.Result status =
        ok(
            "patch",
            "s3i",
            "data",
            "--subresource",
            "status",
            "--type",
            "merge",
            "-p",
            "{\"status\":{\"phase\":\"ERROR\"},\"spec\":{\"diskSizeGb\":40}}");
    assertThat(status.stdout()).contains("s3instance.s3aas.exordos.io/data patched");
    Response data = api.get(DATA);
    assertThat(data.json().at("/spec/diskSizeGb").asInt())
        .as("the status subresource ignores spec")
        .isEqualTo(30);
    assertThat(data.text("/status/phase")).isEqualTo("ERROR");
  }

  @Test
  @Order(7)
  void invalidSpecIsRefusedNamingTheField() throws IOException {
    Path bad =
        manifest(
            "bad.yaml",
            """
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: S3Instance
        metadata:
          name: bad
        spec:
          version: latest
          cpu: 0
        """);
    Kubectl.Result r = kubectl.run("apply", "-f", bad.toString());
    assertThat(r.exitCode()).as("%s", r).isNotZero();
    assertThat(r.stderr()).contains("is invalid", "spec.version", "spec.cpu");
    assertThat(api.get(DATA.replace("/data", "/bad")).status()).isEqualTo(404);
  }

  @Test
  @Order(8)
  void immutableFieldChangeIsRefused() throws IOException {
    Path changed =
        manifest(
            "immutable.yaml",
            """
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: S3Instance
        metadata:
          name: data
        spec:
          version: 0.0.1
          bucketName: another-bucket
          encryption: aes256
          versioning: false
          diskSizeGb: 30
        """);
    Kubectl.Result r = kubectl.run("apply", "-f", changed.toString());
    assertThat(r.exitCode()).as("%s", r).isNotZero();
    assertThat(r.stderr()).contains("spec.bucketName", "bucketName is immutable");
    assertThat(api.get(DATA).text("/spec/bucketName")).isEqualTo("data-bucket");
  }

  @Test
  @Order(9)
  void unknownFieldIsRefusedWithStrictValidation() throws IOException {
    Path unknown =
        manifest(
            "unknown.yaml",
            """
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: S3Instance
        metadata:
          name: colourful
        spec:
          version: 0.0.1
          colour: blue
        """);
    Kubectl.Result r = kubectl.run("apply", "--validate=strict", "-f", unknown.toString());
    assertThat(r.exitCode()).as("%s", r).isNotZero();
    assertThat(r.stderr()).contains("unknown field", "spec.colour");
    assertThat(api.get(DATA.replace("/data", "/colourful")).status()).isEqualTo(404);
  }

  @Test
  @Order(10)
  void deleteWithoutFinalizers() {
    Kubectl.Result r = ok("delete", "bucket", "reports");
    assertThat(r.stdout()).contains("bucket.s3aas.exordos.io \"reports\" deleted");
    assertThat(
            api.get("/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets/reports").status())
        .isEqualTo(404);
  }

  @Test
  @Order(11)
  void deleteWithFinalizersWaitsUntilAClientRemovesThem() throws IOException {
    Path held =
        manifest(
            "held.yaml",
            """
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: S3Instance
        metadata:
          name: held
          finalizers: ["s3instances.s3aas.exordos.io/finalizer"]
        spec:
          version: 0.0.1
        """);
    ok("apply", "-f", held.toString());
    String path = DATA.replace("/data", "/held");
    try (Kubectl.Background delete = kubectl.start("delete", "s3i", "held")) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !api.get(path).text("/metadata/deletionTimestamp").isEmpty());
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(delete::isAlive);
      assertThat(api.get(path).status()).isEqualTo(200);

      Response removed =
          api.patch(path, MERGE, Map.of("metadata", Map.of("finalizers", List.of())));
      assertThat(removed.status()).as("%s", removed).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> !delete.isAlive());
      assertThat(delete.exitCode()).as("stderr: %s", delete.stderr()).isZero();
      assertThat(delete.stdout()).contains("s3instance.s3aas.exordos.io \"held\" deleted");
      assertThat(api.get(path).status()).isEqualTo(404);
    }
  }

  @Test
  @Order(12)
  void anInstanceMadeThroughTheFacadeIsTheOneKubectlSeesAndBack() {
    String token =
        server
            .server()
            .tokens()
            .create("default", io.exordos.s3aas.server.iam.Role.OWNER, "kubectl test", null)
            .token();
    ApiClient facade = new ApiClient(server.url(), token, server.caPem());
    Response created =
        facade.post(
            "/v1/types/s3/instances",
            Map.of(
                "name",
                "s3-both",
                "version",
                "0.0.1",
                "bucket_name",
                "both-bucket",
                "versioning",
                true));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().path("id").asText();

    assertThat(ok("get", "s3i", id, "-o", "jsonpath={.spec.displayName}").stdout())
        .isEqualTo("s3-both");
    // a status written by another client (the operator) reads the same through both doors
    Response status =
        api.patch(
            DATA.replace("/data", "/" + id) + "/status",
            MERGE,
            Map.of("status", Map.of("phase", "ACTIVE")));
    assertThat(status.status()).as("%s", status).isEqualTo(200);
    assertThat(ok("get", "s3i", id, "-o", "jsonpath={.status.phase}").stdout()).isEqualTo("ACTIVE");
    assertThat(facade.get("/v1/types/s3/instances/" + id).json().path("status").asText())
        .isEqualTo("ACTIVE");

    // and kubectl's change is what the facade answers
    ok("patch", "s3i", id, "--type", "merge", "-p", "{\"spec\":{\"versioning\":false}}");
    assertThat(facade.get("/v1/types/s3/instances/" + id).json().path("versioning").asBoolean())
        .isFalse();
  }
}
