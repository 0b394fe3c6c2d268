package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.AwsCli;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Usage and capacity as a user sees them (issue 16): objects written with the real AWS CLI show in
 * the bucket's status, in {@code kubectl get} and in the facade within a poll, and fall when they
 * are deleted; a bucket past 90 % of its quota warns, and so does an instance whose node's disk
 * passes its threshold (the node emulator's drive shrunk under it), each with an Event, without
 * leaving ACTIVE. The operator runs with the Exordos provisioner on the Core emulator, whose nodes
 * the test can reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsageAcceptanceTest {
  static final String NS = "default";
  static final Duration POLL = Duration.ofSeconds(2);
  // a poll (2 s) and the reconcile it triggers; the rest is room for a loaded shared machine
  static final Duration WITHIN_A_POLL = Duration.ofSeconds(30);
  static final Duration SETUP = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();

  TestEnv env;
  ExordosCore core;
  S3aasOperator operator;
  Kubectl kubectl;
  ApiClient api;

  @BeforeAll
  void start() throws Exception {
    env = new TestEnv();
    core =
        ExordosCore.start(
            ExordosCore.Config.of("admin", "admin-pass")
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(50)));
    operator =
        S3aasOperator.start(
            env.config()
                .withProvisioner(
                    ProvisionerConfig.Exordos.of(
                        core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null))
                .withNamespaces(Set.of(NS))
                .withPollInterval(POLL)
                .withProvisionCheck(Duration.ofMillis(300)));
    kubectl = new Kubectl(env);
    api =
        new ApiClient(
            env.server.url(), env.token, Objects.requireNonNull(env.server.caCertificatePem()));
    Kubectl.check(
        kubectl.apply(
            """
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: S3Instance
            metadata: {name: store}
            spec: {version: 0.0.1}
            ---
            apiVersion: s3aas.exordos.io/v1alpha1
            kind: Bucket
            metadata: {name: photos}
            spec: {instanceRef: store, versioning: true, quotaBytes: 1000, deletionPolicy: Delete}
            """),
        "kubectl apply");
    await()
        .atMost(SETUP)
        .until(() -> field("s3instance", "store", "{.status.phase}").equals("ACTIVE"));
    await()
        .atMost(SETUP)
        .until(() -> field("bucket", "photos", "{.status.phase}").equals("ACTIVE"));
  }

  @AfterAll
  void stop() {
    if (kubectl != null) {
      kubectl.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (core != null) {
      core.close();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  @Order(1)
  void bucketUsageShowsEverywhereAndFallsWhenObjectsGo() throws Exception {
    try (AwsCli aws = root("store")) {
      Path small = aws.file("a.bin", "x".repeat(100));
      Path other = aws.file("b.bin", "y".repeat(50));
      put(aws, small, "a.bin");
      put(aws, small, "a.bin"); // a second version of a.bin
      put(aws, other, "b.bin");

      // 3 versions, 250 bytes, 2 objects: status, kubectl's columns and the facade agree
      awaitUsage("250", "2");
      assertThat(field("bucket", "photos", "{.status.usage.versions}")).isEqualTo("3");
      assertThat(field("bucket", "photos", "{.status.usage.deleteMarkers}")).isEqualTo("0");
      assertThat(field("bucket", "photos", "{.status.usage.quota.percent}")).isEqualTo("25");
      List<String> table = kubectl.run("get", "bkt", "photos").out().lines().toList();
      assertThat(cell(table, "SIZE")).isEqualTo("250");
      assertThat(cell(table, "OBJECTS")).isEqualTo("2");
      JsonNode facade = facade("/v1/types/s3/instances/store/buckets/photos");
      assertThat(facade.at("/usage/bytes").asLong()).isEqualTo(250);
      assertThat(facade.at("/usage/objects").asLong()).isEqualTo(2);
      assertThat(facade.at("/usage/versions").asLong()).isEqualTo(3);
      assertThat(facade.at("/usage/quota/limit_bytes").asLong()).isEqualTo(1000);
      assertThat(facade.at("/usage/quota/percent").asInt()).isEqualTo(25);
      assertThat(facade.path("status").asText()).isEqualTo("ACTIVE");

      // removing b.bin in a versioned bucket leaves its version under a delete marker;
      // deleting a.bin's versions for good takes its bytes away
      assertThat(aws.run("s3", "rm", "s3://photos/b.bin").exit()).isZero();
      for (String version : versions(aws, "a.bin")) {
        AwsCli.Result rm =
            aws.run(
                "s3api",
                "delete-object",
                "--bucket",
                "photos",
                "--key",
                "a.bin",
                "--version-id",
                version);
        assertThat(rm.exit()).as(rm.out()).isZero();
      }
      awaitUsage("50", "1");
      assertThat(field("bucket", "photos", "{.status.usage.deleteMarkers}")).isEqualTo("1");
      assertThat(facade("/v1/types/s3/instances/store/buckets/photos").at("/usage/bytes").asLong())
          .isEqualTo(50);
      // and /metrics has the same numbers
      assertThat(operator.metrics())
          .contains(
              "s3aas_bucket_bytes{namespace=\"default\",bucket=\"photos\",instance=\"store\"}"
                  + " 50\n",
              "s3aas_bucket_quota_bytes{namespace=\"default\",bucket=\"photos\",instance=\"store\"}"
                  + " 1000\n",
              "s3aas_instance_capacity_bytes{namespace=\"default\",instance=\"store\"}");
    }
  }

  @Test
  @Order(2)
  void aBucketPastNinetyPercentOfItsQuotaWarnsOnceAndStaysActive() throws Exception {
    try (AwsCli aws = root("store")) {
      put(aws, aws.file("big.bin", "z".repeat(860)), "big.bin"); // 50 + 860 = 910 of 1000
      await()
          .atMost(WITHIN_A_POLL)
          .until(() -> condition("bucket", "photos", "QuotaNearlyFull").equals("True"));
      assertThat(field("bucket", "photos", "{.status.usage.quota.percent}")).isEqualTo("91");
      assertThat(field("bucket", "photos", "{.status.phase}")).isEqualTo("ACTIVE");
      await().atMost(WITHIN_A_POLL).until(() -> !events("photos", "QuotaNearlyFull").isEmpty());
      Event e = events("photos", "QuotaNearlyFull").get(0);
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("91%", "1000");

      String big = versions(aws, "big.bin").get(0);
      assertThat(
              aws.run(
                      "s3api",
                      "delete-object",
                      "--bucket",
                      "photos",
                      "--key",
                      "big.bin",
                      "--version-id",
                      big)
                  .exit())
          .isZero();
      await()
          .atMost(WITHIN_A_POLL)
          .until(() -> condition("bucket", "photos", "QuotaNearlyFull").equals("False"));
      assertThat(events("photos", "QuotaNearlyFull")).hasSize(1);
    }
  }

  @Test
  @Order(3)
  void anInstanceWhoseNodePassesItsThresholdWarnsAndKeepsServing() throws Exception {
    String nodeId = field("s3instance", "store", "{.status.nodes[0].id}");
    RustfsNode node = core.rustfsNode(nodeId).orElseThrow();
    // the instance's totals have caught up with the bucket's (both come from the same node)
    await()
        .atMost(WITHIN_A_POLL)
        .until(
            () ->
                field("s3instance", "store", "{.status.usage.bytes}")
                    .equals(field("bucket", "photos", "{.status.usage.bytes}")));
    long used = Long.parseLong(field("s3instance", "store", "{.status.usage.usedBytes}"));
    assertThat(used).isPositive();
    try {
      long disk = used * 100 / 85; // about 85 % used: past the default threshold of 80 %
      String percent = String.valueOf(used * 100 / disk);
      node.diskBytes(disk);
      await()
          .atMost(WITHIN_A_POLL)
          .until(() -> condition("s3instance", "store", "CapacityLow").equals("True"));
      assertThat(field("s3instance", "store", "{.status.phase}")).isEqualTo("ACTIVE");
      assertThat(field("s3instance", "store", "{.status.usage.usedPercent}")).isEqualTo(percent);
      List<String> table = kubectl.run("get", "s3i", "store").out().lines().toList();
      assertThat(cell(table, "USED%")).isEqualTo(percent);
      assertThat(facade("/v1/types/s3/instances/store").at("/usage/used_percent").asText())
          .isEqualTo(percent);
      await().atMost(WITHIN_A_POLL).until(() -> !events("store", "CapacityLow").isEmpty());
      assertThat(events("store", "CapacityLow").get(0).getMessage()).contains(percent + "%", "80%");

      // a higher threshold of its own lifts the warning
      Kubectl.check(
          kubectl.run(
              "patch",
              "s3i",
              "store",
              "--type=merge",
              "-p",
              "{\"spec\":{\"capacityLowPercent\":90}}"),
          "raise the threshold");
      await()
          .atMost(WITHIN_A_POLL)
          .until(() -> condition("s3instance", "store", "CapacityLow").equals("False"));
      // and the threshold is validated, naming the field
      Kubectl.Result bad =
          kubectl.run(
              "patch",
              "s3i",
              "store",
              "--type=merge",
              "-p",
              "{\"spec\":{\"capacityLowPercent\":0}}");
      assertThat(bad.exit()).isNotZero();
      assertThat(bad.err()).contains("capacityLowPercent");
    } finally {
      node.diskBytes(100L << 30);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The cell of a one-row kubectl table under {@code column} (columns start where headers do). */
  static String cell(List<String> table, String column) {
    String header = table.get(0);
    String row = table.get(1);
    int from = header.indexOf(column);
    assertThat(from).as(column + " in " + header).isNotNegative();
    int next = header.indexOf(' ', from + column.length());
    while (next >= 0 && next < header.length() && header.charAt(next) == ' ') {
      next++;
    }
    int to = next < 0 || next >= header.length() ? row.length() : Math.min(next, row.length());
    return row.substring(Math.min(from, row.length()), to).trim();
  }

  void awaitUsage(String bytes, String objects) {
    await()
        .atMost(WITHIN_A_POLL)
        .untilAsserted(
            () -> {
              assertThat(field("bucket", "photos", "{.status.usage.bytes}")).isEqualTo(bytes);
              assertThat(field("bucket", "photos", "{.status.usage.objects}")).isEqualTo(objects);
            });
  }

  static void put(AwsCli aws, Path file, String key) throws Exception {
    AwsCli.Result r = aws.run("s3", "cp", file.toString(), "s3://photos/" + key);
    assertThat(r.exit()).as(r.out()).isZero();
  }

  static List<String> versions(AwsCli aws, String key) throws Exception {
    AwsCli.Result r =
        aws.run(
            "s3api",
            "list-object-versions",
            "--bucket",
            "photos",
            "--prefix",
            key,
            "--output",
            "json");
    assertThat(r.exit()).as(r.out()).isZero();
    List<String> out = new java.util.ArrayList<>();
    JSON.readTree(r.out())
        .path("Versions")
        .forEach(
            v -> {
              if (key.equals(v.path("Key").asText())) {
                out.add(v.path("VersionId").asText());
              }
            });
    return out;
  }

  AwsCli root(String instance) throws Exception {
    Secret s = env.client.secrets().inNamespace(NS).withName("s3aas-root-" + instance).get();
    return new AwsCli(
        field("s3instance", instance, "{.status.endpoint}"),
        decode(s.getData().get(AccessKeySpec.ACCESS_KEY_ID)),
        decode(s.getData().get(AccessKeySpec.SECRET_ACCESS_KEY)));
  }

  static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  String field(String kind, String name, String jsonPath) throws Exception {
    Kubectl.Result r = kubectl.run("get", kind, name, "-o", "jsonpath=" + jsonPath);
    return r.exit() == 0 ? r.out().trim() : "";
  }

  String condition(String kind, String name, String type) throws Exception {
    return field(kind, name, "{.status.conditions[?(@.type==\"" + type + "\")].status}");
  }

  List<Event> events(String about, String reason) {
    return env.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> about.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  JsonNode facade(String path) {
    ApiClient.Response r = api.get(path);
    assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
    return r.json();
  }
}
