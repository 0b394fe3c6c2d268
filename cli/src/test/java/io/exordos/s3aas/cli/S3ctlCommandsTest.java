package io.exordos.s3aas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real s3ctl process against an in-process server on PostgreSQL. The tests run in order
 * on one server: apply creates what later tests read, watch, wait for and delete. The test plays
 * the operator by writing statuses, Secrets and Events itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3ctlCommandsTest {
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  private Path tmp;
  private TestServer server;
  private ApiClient api;
  private Map<String, String> env;

  @BeforeAll
  void startServer(@TempDir Path dir) throws Exception {
    tmp = dir;
    server = new TestServer(tmp.resolve("home"));
    api = new ApiClient(server.url(), TestServer.TOKEN, server.server.caCertificatePem());
    env = CliProcess.env(server.home);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private CliProcess.Result s3ctl(String... args) throws Exception {
    return CliProcess.run(env, null, args);
  }

  private CliProcess.Result ok(String... args) throws Exception {
    CliProcess.Result r = s3ctl(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  private Path file(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  // ---- apply ----

  @Test
  @Order(1)
  void applyCreatesThenReportsUnchangedThenConfigured() throws Exception {
    CliProcess.Result created = ok("apply", "-f", EXAMPLES.toString());
    assertThat(created.out())
        .isEqualTo(
            """
            s3instance.s3aas.exordos.io/data created
            bucket.s3aas.exordos.io/reports created
            s3policy.s3aas.exordos.io/reports-rw created
            s3user.s3aas.exordos.io/reporting-app created
            accesskey.s3aas.exordos.io/reporting-app-key created
            """);

    CliProcess.Result again = ok("apply", "-f", EXAMPLES.toString());
    assertThat(again.out().lines()).hasSize(5).allMatch(l -> l.endsWith(" unchanged"));

    String bucket =
        Files.readString(EXAMPLES.resolve("02-bucket.yaml"))
            .replace("quotaBytes: 10737418240", "quotaBytes: 2048");
    CliProcess.Result changed = ok("apply", "-f", file("changed/bucket.yaml", bucket).toString());
    assertThat(changed.out()).isEqualTo("bucket.s3aas.exordos.io/reports configured\n");
    assertThat(api.get("buckets", "reports").path("spec").path("quotaBytes").asLong())
        .isEqualTo(2048);

    // removing a field that the last apply set deletes it (three-way merge)
    CliProcess.Result dropped =
        ok(
            "apply",
            "-f",
            file("changed/bucket2.yaml", bucket.replace("  quotaBytes: 2048\n", "")).toString());
    assertThat(dropped.out()).isEqualTo("bucket.s3aas.exordos.io/reports configured\n");
    assertThat(api.get("buckets", "reports").path("spec").path("quotaBytes").asLong(0))
        .isNotEqualTo(2048);
    ok("apply", "-f", EXAMPLES.resolve("02-bucket.yaml").toString());
  }

  @Test
  @Order(2)
  void applyReadsStdinAndMultiDocumentYaml() throws Exception {
    String docs =
        """
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: Bucket
        metadata:
          name: logs
          labels: {team: ops}
        spec:
          instanceRef: data
        ---
        apiVersion: s3aas.exordos.io/v1alpha1
        kind: Bucket
        metadata:
          name: archive
          labels: {team: finance}
        spec:
          instanceRef: data
        """;
    CliProcess.Result r = CliProcess.run(env, docs, "apply", "-f", "-");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "bucket.s3aas.exordos.io/logs created\nbucket.s3aas.exordos.io/archive created\n");
  }

  @Test
  @Order(3)
  void dryRunsChangeNothing() throws Exception {
    Path f =
        file(
            "dry/tmp-bucket.yaml",
            "apiVersion: s3aas.exordos.io/v1alpha1\nkind: Bucket\nmetadata:\n  name: dry\nspec:\n  instanceRef: data\n");
    assertThat(ok("apply", "-f", f.toString(), "--dry-run=client").out())
        .isEqualTo("bucket.s3aas.exordos.io/dry created (dry run)\n");
    assertThat(ok("apply", "-f", f.toString(), "--dry-run=server").out())
        .isEqualTo("bucket.s3aas.exordos.io/dry created (server dry run)\n");
    assertThat(api.exists("buckets", "dry")).isFalse();
    assertThat(
            ok("apply", "-f", EXAMPLES.resolve("01-instance.yaml").toString(), "--dry-run=client")
                .out())
        .isEqualTo("s3instance.s3aas.exordos.io/data unchanged (dry run)\n");
  }

  // ---- get ----

  @Test
  @Order(10)
  void getPrintsTablesWithShortNames() throws Exception {
    api.patchStatus("s3instances", "data", "{\"phase\":\"CREATING\"}");
    CliProcess.Result r = ok("get", "s3instances");
    assertThat(r.out().lines().toList()).hasSize(2);
    assertThat(r.out().lines().findFirst().orElseThrow())
        .matches("NAME\\s+VERSION\\s+NODES\\s+PHASE\\s+ENDPOINT\\s+USED%\\s+AGE");
    assertThat(r.out()).containsPattern("data\\s+0\\.0\\.1\\s+1\\s+CREATING\\s+\\d+s");
    assertThat(ok("get", "s3i").out())
        .startsWith("NAME")
        .containsPattern("data\\s+0\\.0\\.1\\s+1\\s+CREATING");
    assertThat(ok("get", "bkt").out()).contains("reports", "logs", "archive").startsWith("NAME");
    assertThat(ok("get", "pol").out()).contains("reports-rw");
    assertThat(ok("get", "usr").out()).containsPattern("reporting-app\\s+data\\s+reports-rw");
    assertThat(ok("get", "key").out()).containsPattern("reporting-app-key\\s+reporting-app");
    assertThat(ok("get", "s3i", "-o", "wide").out())
        .containsPattern("BUCKET\\s+ENCRYPTION")
        .containsPattern("data-bucket\\s+aes256");
  }

  @Test
  @Order(11)
  void getOutputFormats() throws Exception {
    assertThat(ok("get", "s3i", "data", "-o", "yaml").out())
        .contains("kind: S3Instance", "name: data", "bucketName: data-bucket");
    JsonNode json = ApiClient.JSON.readTree(ok("get", "s3instance", "data", "-o", "json").out());
    assertThat(json.path("spec").path("version").asText()).isEqualTo("0.0.1");
    JsonNode list = ApiClient.JSON.readTree(ok("get", "bkt", "-o", "json").out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(3);
    assertThat(ok("get", "bkt", "-o", "name").out()).contains("bucket.s3aas.exordos.io/reports\n");
    assertThat(ok("get", "s3i/data", "-o", "jsonpath={.spec.version}").out()).isEqualTo("0.0.1");
    assertThat(
            ok(
                    "get",
                    "bkt",
                    "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.spec.instanceRef}{\"\\n\"}{end}")
                .out())
        .contains("reports=data");
  }

  @Test
  @Order(12)
  void getFiltersByLabelAndListsAllNamespaces() throws Exception {
    CliProcess.Result ops = ok("get", "bkt", "-l", "team=ops");
    assertThat(ops.out()).contains("logs").doesNotContain("archive").doesNotContain("reports");
    CliProcess.Result none = ok("get", "bkt", "-l", "team=nobody");
    assertThat(none.err()).contains("No resources found in default namespace.");
    CliProcess.Result all = ok("get", "buckets", "-A");
    assertThat(all.out().lines().findFirst().orElseThrow()).startsWith("NAMESPACE");
    assertThat(all.out()).containsPattern("default\\s+reports");
    assertThat(ok("get", "bkt", "-n", "elsewhere").err())
        .contains("No resources found in elsewhere namespace.");
  }

  @Test
  @Order(13)
  void getWatchOnAPipePrintsPlainLines() throws Exception {
    Process p = CliProcess.start(env, "get", "s3i", "-w");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CliProcess.pump(p.getInputStream(), out);
    CliProcess.pump(p.getErrorStream(), new ByteArrayOutputStream());
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> CliProcess.text(out).contains("CREATING"));
      api.patchStatus(
          "s3instances", "data", "{\"phase\":\"ACTIVE\",\"endpoint\":\"http://127.0.0.1:9000\"}");
      await().atMost(Duration.ofSeconds(30)).until(() -> CliProcess.text(out).contains("ACTIVE"));
      String text = CliProcess.text(out);
      assertThat(text).doesNotContain("\033[").doesNotContain("watching");
      assertThat(text.lines().filter(l -> l.startsWith("NAME"))).hasSize(1);
      assertThat(text)
          .containsPattern("data\\s+0\\.0\\.1\\s+1\\s+ACTIVE\\s+http://127\\.0\\.0\\.1:9000");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  // ---- describe ----

  @Test
  @Order(20)
  void describeShowsConditionsNodesRelatedObjectsAndEvents() throws Exception {
    api.patchStatus(
        "s3instances",
        "data",
        """
        {"phase":"ACTIVE","endpoint":"http://127.0.0.1:9000","observedGeneration":1,
         "nodes":[{"id":"node-0","ip":"127.0.0.2","port":9000}],
         "usage":{"capacityBytes":10737418240,"usedBytes":8589934592,"freeBytes":2147483648,
                  "usedPercent":80,"buckets":2,"objects":3,"bytes":2183,
                  "nodes":[{"node":"node-0","capacityBytes":10737418240,"usedBytes":8589934592,
                            "freeBytes":2147483648,"usedPercent":80}],
                  "observedAt":"2020-01-01T00:00:00Z"},
         "conditions":[{"type":"Ready","status":"False","reason":"NodesStarting","message":"1 of 1 nodes starting",
                        "lastTransitionTime":"2020-01-01T00:00:00Z"}]}""");
    api.patchStatus(
        "buckets",
        "reports",
        """
        {"usage":{"objects":2,"bytes":35,"versions":3,"deleteMarkers":1,
                  "quota":{"usedBytes":35,"limitBytes":1024,"percent":3},
                  "observedAt":"2020-01-01T00:00:00Z"}}""");
    api.create(
        "events",
        """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"data.1"},
         "involvedObject":{"apiVersion":"s3aas.exordos.io/v1alpha1","kind":"S3Instance","name":"data","namespace":"default"},
         "reason":"NodeCreated","message":"created node node-0","type":"Normal","source":{"component":"s3aas-operator"},
         "lastTimestamp":"2020-01-01T00:00:00Z"}""");
    api.create(
        "events",
        """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"data.0"},
         "involvedObject":{"apiVersion":"s3aas.exordos.io/v1alpha1","kind":"S3Instance","name":"data","namespace":"default",
                           "uid":"4a0e5d64-0000-4000-8000-000000000000"},
         "reason":"Deleted","message":"an earlier instance named data was deleted","type":"Normal",
         "source":{"component":"s3aas-operator"},"lastTimestamp":"2020-01-01T00:00:00Z"}""");
    CliProcess.Result r = ok("describe", "s3i", "data");
    assertThat(r.out()).as("a deleted namesake's event").doesNotContain("an earlier instance");
    assertThat(r.out())
        .contains(
            "Name:         data",
            "Namespace:    default",
            "Kind:         S3Instance (s3aas.exordos.io/v1alpha1)")
        .contains("Spec:", "bucketName: data-bucket", "Status:", "Phase:", "ACTIVE")
        .containsPattern("Ready\\s+False\\s+NodesStarting\\s+\\d+d\\s+1 of 1 nodes starting")
        .containsPattern("node-0\\s+127\\.0\\.0\\.2\\s+9000")
        .contains("Disk:             8.0 GiB used of 10.0 GiB, 2.0 GiB free (fullest node 80%)")
        .contains("Stored:           3 objects in 2 buckets, 2.1 KiB")
        .containsPattern("node-0\\s+10\\.0 GiB\\s+8\\.0 GiB\\s+2\\.0 GiB\\s+80")
        .containsPattern("has\\s+Bucket\\s+reports")
        .containsPattern("has\\s+S3User\\s+reporting-app")
        .containsPattern("has\\s+AccessKey\\s+reporting-app-key")
        .containsPattern("Normal\\s+NodeCreated\\s+\\d+d\\s+s3aas-operator\\s+created node node-0");
    assertThat(r.out()).doesNotContain("last-applied-configuration");
    assertThat(ok("describe", "bkt", "reports").out())
        .contains(
            "Objects:          2",
            "Size:             35 B",
            "Versions:         3",
            "Delete markers:   1",
            "Quota:            35 B of 1.0 KiB (3%)")
        .containsPattern("Usage:\\s+\\(node's scan of \\d+d ago\\)");
    assertThat(ok("describe", "key/reporting-app-key").out())
        .containsPattern("user\\s+S3User\\s+reporting-app")
        .containsPattern("instance\\s+S3Instance\\s+data\\s+ACTIVE");
  }

  // ---- wait ----

  @Test
  @Order(30)
  void waitReturnsWhenReadyAndTimesOutOtherwise() throws Exception {
    Process p =
        CliProcess.start(env, "wait", "s3i/data", "--for=condition=Ready", "--timeout", "60s");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliProcess.pump(p.getInputStream(), out);
    CliProcess.pump(p.getErrorStream(), err);
    // plain progress lines on a pipe, one per change
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> CliProcess.text(err).contains("waiting for s3instance.s3aas.exordos.io/data"));
    assertThat(CliProcess.text(err))
        .contains("Ready=False (NodesStarting: 1 of 1 nodes starting)")
        .doesNotContain("\r");
    api.patchStatus(
        "s3instances",
        "data",
        """
        {"conditions":[{"type":"Ready","status":"True","reason":"Ready","lastTransitionTime":"2020-01-01T00:00:00Z"}]}""");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(CliProcess.text(err)).isZero();
    assertThat(CliProcess.text(out)).isEqualTo("s3instance.s3aas.exordos.io/data condition met\n");

    long start = System.nanoTime();
    CliProcess.Result timeout =
        s3ctl("wait", "bkt", "reports", "--for=condition=Ready", "--timeout", "2s");
    assertThat(timeout.code()).isEqualTo(1);
    assertThat(timeout.err())
        .contains("error: timed out waiting for bucket.s3aas.exordos.io/reports to be ready");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  // ---- credentials ----

  @Test
  @Order(40)
  void credentialsNeedTheOperatorThenPrintEnvAndAwsProfile() throws Exception {
    CliProcess.Result early = s3ctl("credentials", "reporting-app-key");
    assertThat(early.code()).isEqualTo(1);
    assertThat(early.err())
        .contains(
            "has no credentials yet",
            "s3ctl wait accesskey/reporting-app-key --for=condition=Ready");

    api.create(
        "secrets",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"reporting-app-key-credentials\"},"
            + "\"data\":{\"accessKeyId\":\""
            + b64("AKTESTKEY123")
            + "\",\"secretAccessKey\":\""
            + b64("s3cr3t/Key+value")
            + "\"}}");
    api.patchStatus(
        "accesskeys",
        "reporting-app-key",
        "{\"phase\":\"ACTIVE\",\"accessKeyId\":\"AKTESTKEY123\",\"secretName\":\"reporting-app-key-credentials\"}");

    assertThat(ok("credentials", "reporting-app-key").out())
        .contains(
            "Endpoint:           http://127.0.0.1:9000",
            "Access key ID:      AKTESTKEY123",
            "Secret access key:  s3cr3t/Key+value");
    assertThat(ok("credentials", "reporting-app-key", "--format", "env").out())
        .isEqualTo(
            """
            export AWS_ENDPOINT_URL=http://127.0.0.1:9000
            export AWS_ACCESS_KEY_ID=AKTESTKEY123
            export AWS_SECRET_ACCESS_KEY=s3cr3t/Key+value
            export AWS_REGION=us-east-1
            """);

    Map<String, String> awsEnv = new HashMap<>(env);
    awsEnv.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("aws/credentials").toString());
    awsEnv.put("AWS_CONFIG_FILE", tmp.resolve("aws/config").toString());
    Files.createDirectories(tmp.resolve("aws"));
    Files.writeString(tmp.resolve("aws/credentials"), "[other]\naws_access_key_id = keep\n");
    CliProcess.Result profile =
        CliProcess.run(awsEnv, null, "credentials", "reporting-app-key", "--format", "aws-profile");
    assertThat(profile.code()).as(profile.toString()).isZero();
    assertThat(profile.out())
        .contains("Wrote profile \"reporting-app-key\"", "aws --profile reporting-app-key");
    assertThat(Files.readString(tmp.resolve("aws/credentials")))
        .contains(
            "[other]\naws_access_key_id = keep",
            "[reporting-app-key]\naws_access_key_id = AKTESTKEY123\naws_secret_access_key = s3cr3t/Key+value");
    assertThat(Files.readString(tmp.resolve("aws/config")))
        .contains("[profile reporting-app-key]", "endpoint_url = http://127.0.0.1:9000");
    if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
      ProcessBuilder pb =
          new ProcessBuilder(
              "/usr/bin/aws",
              "configure",
              "get",
              "aws_access_key_id",
              "--profile",
              "reporting-app-key");
      pb.environment().putAll(awsEnv);
      Process aws = pb.start();
      String id = new String(aws.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (aws.waitFor(60, TimeUnit.SECONDS) && aws.exitValue() == 0) {
        assertThat(id).isEqualTo("AKTESTKEY123");
      }
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  // ---- errors ----

  @Test
  @Order(50)
  void usageErrorsExitWithTwoAndSuggest() throws Exception {
    CliProcess.Result kind = s3ctl("get", "s3instnace");
    assertThat(kind.code()).isEqualTo(2);
    assertThat(kind.err())
        .contains(
            "the server doesn't have a resource type \"s3instnace\"; did you mean \"s3instance\"?");
    CliProcess.Result option = s3ctl("get", "s3i", "--outptu", "yaml");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("Unknown option: '--outptu'", "--output");
    CliProcess.Result command = s3ctl("gte", "s3i");
    assertThat(command.code()).isEqualTo(2);
    assertThat(command.err()).contains("get");
    CliProcess.Result format = s3ctl("get", "s3i", "-o", "yml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("did you mean \"yaml\"?");
  }

  @Test
  @Order(51)
  void fileErrorsPointAtFileAndLine() throws Exception {
    Path bad =
        file(
            "bad/broken.yaml",
            "apiVersion: s3aas.exordos.io/v1alpha1\nkind: Bucket\nmetadata:\n  name: x\n spec: [\n");
    CliProcess.Result yaml = s3ctl("apply", "-f", bad.toString());
    assertThat(yaml.code()).isEqualTo(1);
    assertThat(yaml.err()).containsPattern("error: .*broken\\.yaml:\\d+:\\d+: invalid YAML");

    Path unknown =
        file(
            "bad/unknown.yaml",
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: S3Instance
            metadata:
              name: typo
            spec:
              version: 0.0.1
              bukcetName: b1
            """);
    CliProcess.Result field = s3ctl("apply", "-f", unknown.toString());
    assertThat(field.code()).as(field.toString()).isEqualTo(1);
    assertThat(field.err())
        .contains("unknown.yaml:7: spec.bukcetName", "did you mean \"spec.bucketName\"?");
    CliProcess.Result clientSide = s3ctl("apply", "-f", unknown.toString(), "--dry-run=client");
    assertThat(clientSide.code()).isEqualTo(1);
    assertThat(clientSide.err()).contains("unknown.yaml:7", "did you mean \"spec.bucketName\"?");

    Path invalid =
        file(
            "bad/invalid.yaml",
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: S3Instance
            metadata:
              name: tiny
            spec:
              version: 0.0.1
              nodes: 0
            """);
    CliProcess.Result server = s3ctl("apply", "-f", invalid.toString());
    assertThat(server.code()).isEqualTo(1);
    assertThat(server.err())
        .contains("S3Instance \"tiny\" is invalid", "invalid.yaml:7: spec.nodes:");

    Path kind =
        file(
            "bad/kind.yaml",
            "apiVersion: s3aas.exordos.io/v1alpha1\nkind: S3Bucket\nmetadata:\n  name: x\n");
    CliProcess.Result k = s3ctl("apply", "-f", kind.toString());
    assertThat(k.code()).isEqualTo(1);
    assertThat(k.err())
        .contains("kind.yaml:2", "no matches for kind \"S3Bucket\"", "did you mean kind: Bucket?");

    CliProcess.Result missing = s3ctl("get", "bkt", "nope");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("Error from server (NotFound)", "\"nope\" not found");
  }

  @Test
  @Order(52)
  void authAndConnectionErrorsSayWhatToDo() throws Exception {
    Path badHome = tmp.resolve("bad-token");
    server.writeKubeconfig(badHome.resolve("kubeconfig"), "wrong-token-0123456789abcdef");
    CliProcess.Result unauthorized = CliProcess.run(CliProcess.env(badHome), null, "get", "s3i");
    assertThat(unauthorized.code()).isEqualTo(1);
    assertThat(unauthorized.err())
        .contains("Error from server (Unauthorized)", "did not accept the token", "s3aas up");

    CliProcess.Result none =
        CliProcess.run(CliProcess.env(tmp.resolve("empty-home")), null, "get", "s3i");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no configuration", "make run");

    CliProcess.Result refused =
        CliProcess.run(
            CliProcess.env(tmp.resolve("empty-home")),
            null,
            "--server",
            "https://127.0.0.1:1",
            "--token",
            "x",
            "get",
            "s3i");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains("cannot reach the s3aas API at https://127.0.0.1:1", "Is the server running?");
  }

  // ---- config ----

  @Test
  @Order(60)
  void configContextsAndKubeconfigFallback() throws Exception {
    Path home = tmp.resolve("cfg-home");
    Map<String, String> e = CliProcess.env(home);
    e.put("KUBECONFIG", server.kubeconfig.toString());
    assertThat(CliProcess.run(e, null, "get", "bkt", "reports", "-o", "name").out())
        .isEqualTo("bucket.s3aas.exordos.io/reports\n");
    assertThat(CliProcess.run(e, null, "config", "current-context").out()).isEqualTo("s3aas\n");

    CliProcess.Result imported = CliProcess.run(e, null, "config", "import", "local");
    assertThat(imported.code()).as(imported.toString()).isZero();
    assertThat(Files.readString(home.resolve("s3ctl.yaml")))
        .contains("name: local", "current-context: local");
    CliProcess.Result other =
        CliProcess.run(
            e,
            null,
            "config",
            "set-context",
            "other",
            "--server",
            "https://127.0.0.1:1",
            "--namespace",
            "team-a");
    assertThat(other.code()).as(other.toString()).isZero();
    assertThat(CliProcess.run(e, null, "config", "get-contexts").out())
        .containsPattern("\\*\\s+local")
        .contains("other");
    assertThat(CliProcess.run(e, null, "config", "use-context", "other").code()).isZero();
    assertThat(CliProcess.run(e, null, "config", "current-context").out()).isEqualTo("other\n");
    assertThat(CliProcess.run(e, null, "config", "view").out())
        .contains("namespace:  team-a")
        .doesNotContain(TestServer.TOKEN);
    assertThat(
            CliProcess.run(e, null, "--context", "local", "get", "s3i", "data", "-o", "name").out())
        .isEqualTo("s3instance.s3aas.exordos.io/data\n");
    CliProcess.Result typo = CliProcess.run(e, null, "config", "use-context", "lcoal");
    assertThat(typo.code()).isEqualTo(1);
    assertThat(typo.err()).contains("did you mean \"local\"?");
  }

  @Test
  @Order(61)
  void versionAndCompletion() throws Exception {
    assertThat(ok("version").out()).contains("Client Version: s3ctl", "Server Version: v1.32");
    assertThat(ok("completion", "bash").out()).contains("complete -F", "s3ctl", "credentials");
    assertThat(ok("completion", "zsh").out()).startsWith("autoload -U +X compinit");
  }

  // ---- delete ----

  @Test
  @Order(70)
  void deleteByNameFileAndWaitForFinalizers() throws Exception {
    assertThat(ok("delete", "bkt", "logs").out())
        .isEqualTo("bucket.s3aas.exordos.io \"logs\" deleted\n");
    assertThat(api.exists("buckets", "logs")).isFalse();

    CliProcess.Result missing = s3ctl("delete", "bkt", "logs");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("NotFound");
    assertThat(ok("delete", "bkt", "logs", "--ignore-not-found").out()).isEmpty();

    // with a finalizer the object stays until the "operator" removes it; --wait follows that
    api.patch(
        "buckets", "archive", "{\"metadata\":{\"finalizers\":[\"s3aas.exordos.io/cleanup\"]}}");
    Process p = CliProcess.start(env, "delete", "bucket/archive", "--wait", "--timeout", "60s");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliProcess.pump(p.getInputStream(), out);
    CliProcess.pump(p.getErrorStream(), err);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> CliProcess.text(err).contains("to be deleted"));
    assertThat(p.isAlive()).isTrue();
    assertThat(api.get("buckets", "archive").path("metadata").has("deletionTimestamp")).isTrue();
    api.patch("buckets", "archive", "{\"metadata\":{\"finalizers\":null}}");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(CliProcess.text(err)).isZero();
    assertThat(CliProcess.text(out)).isEqualTo("bucket.s3aas.exordos.io \"archive\" deleted\n");

    CliProcess.Result byFile =
        ok("delete", "-f", EXAMPLES.resolve("05-accesskey.yaml").toString(), "--wait");
    assertThat(byFile.out())
        .isEqualTo("accesskey.s3aas.exordos.io \"reporting-app-key\" deleted\n");
    assertThat(api.exists("accesskeys", "reporting-app-key")).isFalse();
  }
}
