package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.ResourceStatus;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.rustfs.NodeAccess;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeClients;
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.exordos.s3aas.testsupport.AwsCli;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator against the answers real RustFS and Exordos Core give where the emulators used to be
 * kinder (docs/CONTRACTS.md): policies attached by a call of their own and enforced, users and
 * policies that vanish or stay attached, a new bucket whose usage is not counted yet, a refusal for
 * good that ends in ERROR and recovers, and wrong Core credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorRealAnswersTest {
  static final String NS = "default";
  static final String CORE_NS = "core-wrong";
  static final Duration POLL = Duration.ofSeconds(2);
  static final String SCAN_DELAY = "s3aas.emulator.usage-scan-delay";

  TestEnv env;
  KubernetesClient k;
  S3aasOperator operator;
  Path localState;
  NodeClients clients;

  @BeforeAll
  void start() throws Exception {
    // the nodes of this test count a new bucket's usage after 20 s (RustFS: when its scanner runs)
    System.setProperty(SCAN_DELAY, "PT20S");
    env = new TestEnv();
    k = env.client;
    localState = Files.createTempDirectory("s3aas-real-answers");
    operator =
        S3aasOperator.start(
            env.config()
                .withProvisioner(EmulatedNodes.local(localState))
                .withNamespaces(Set.of(NS))
                .withPollInterval(POLL)
                .withProvisionCheck(Duration.ofMillis(300)));
    clients = new NodeClients(4);
    k.resource(Resources.instance(NS, "real", "real-data")).create();
    awaitPhase(S3Instance.class, "real", Phase.ACTIVE);
  }

  @AfterAll
  void stop() {
    System.clearProperty(SCAN_DELAY);
    if (operator != null) {
      operator.close();
    }
    if (clients != null) {
      clients.close();
    }
    if (env != null) {
      env.close();
    }
    TestEnv.deleteTree(localState);
  }

  <T extends CustomResource<?, ? extends ResourceStatus>> T get(Class<T> type, String name) {
    return k.resources(type).inNamespace(NS).withName(name).get();
  }

  <T extends CustomResource<?, ? extends ResourceStatus>> void awaitPhase(
      Class<T> type, String name, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              T r = get(type, name);
              assertThat(r).isNotNull();
              assertThat(r.getStatus()).as(name + " status").isNotNull();
              assertThat(r.getStatus().getPhase())
                  .as(type.getSimpleName() + " " + name + ": " + r.getStatus().getConditions())
                  .isEqualTo(phase);
            });
  }

  Map<String, String> secret(String name) {
    Secret s = k.secrets().inNamespace(NS).withName(name).get();
    return Map.of(
        "id", decode(s.getData().get(AccessKeySpec.ACCESS_KEY_ID)),
        "secret", decode(s.getData().get(AccessKeySpec.SECRET_ACCESS_KEY)));
  }

  static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /** The node's root, as an administrator of the instance could use it. */
  NodeClient root() {
    Map<String, String> root = secret("s3aas-root-real");
    return new NodeClient(
        new NodeAccess(
            get(S3Instance.class, "real").getStatus().getEndpoint(),
            root.get("id"),
            root.get("secret")),
        clients.http(),
        4);
  }

  AwsCli aws(String keySecret) throws Exception {
    Map<String, String> key = secret(keySecret);
    return new AwsCli(
        get(S3Instance.class, "real").getStatus().getEndpoint(), key.get("id"), key.get("secret"));
  }

  @Test
  void aKeysPolicyIsAttachedByItsOwnCallAndEnforced() throws Exception {
    k.resource(Resources.user(NS, "late", "real", List.of())).create();
    k.resource(Resources.key(NS, "late-key", "late")).create();
    awaitPhase(AccessKey.class, "late-key", Phase.ACTIVE);
    String ak = get(AccessKey.class, "late-key").getStatus().getAccessKeyId();
    try (AwsCli aws = aws("s3aas-key-late-key")) {
      Path file = aws.file("p.txt", "policy\n");
      AwsCli.Result denied = aws.run("s3", "cp", file.toString(), "s3://real-data/p.txt");
      assertThat(denied.exit()).isNotZero();
      assertThat(denied.out()).contains("AccessDenied");

      k.resources(S3User.class)
          .inNamespace(NS)
          .withName("late")
          .edit(
              u -> {
                u.getSpec().setPolicies(List.of("readwrite"));
                return u;
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(aws.run("s3", "cp", file.toString(), "s3://real-data/p.txt").exit())
                      .isZero());
    }
    assertThat(root().listUsers().get(ak).policies()).containsExactly("readwrite");
  }

  @Test
  void aUserRemovedOutOfBandDoesNotBlockItsKeysDeletion() throws Exception {
    k.resource(Resources.user(NS, "gone", "real", List.of("readonly"))).create();
    k.resource(Resources.key(NS, "gone-key", "gone")).create();
    awaitPhase(AccessKey.class, "gone-key", Phase.ACTIVE);
    String ak = get(AccessKey.class, "gone-key").getStatus().getAccessKeyId();
    NodeClient root = root();
    // behind the operator's back (RustFS answers a second removal with a 500)
    root.admin("DELETE", "remove-user", Map.of("accessKey", ak), null);
    k.resources(AccessKey.class).inNamespace(NS).withName("gone-key").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(AccessKey.class, "gone-key")).isNull());
    assertThat(root.listUsers()).doesNotContainKey(ak);
  }

  @Test
  void aPolicyDeletedWhileAttachedIsDetachedAndRemoved() throws Exception {
    k.resource(Resources.policy(NS, "data-rw", "real", "real-data")).create();
    k.resource(Resources.user(NS, "holder", "real", List.of("data-rw"))).create();
    k.resource(Resources.key(NS, "holder-key", "holder")).create();
    awaitPhase(AccessKey.class, "holder-key", Phase.ACTIVE);
    String ak = get(AccessKey.class, "holder-key").getStatus().getAccessKeyId();
    NodeClient root = root();
    assertThat(root.listUsers().get(ak).policies()).containsExactly("data-rw");

    k.resources(S3Policy.class).inNamespace(NS).withName("data-rw").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(S3Policy.class, "data-rw")).isNull());
    assertThat(root.listCannedPolicies()).doesNotContainKey("data-rw");
    assertThat(root.listUsers().get(ak).policies()).isEmpty();
    awaitPhase(S3User.class, "holder", Phase.PENDING);
    assertThat(get(S3User.class, "holder").getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("PolicyNotFound"));
  }

  @Test
  void aNewBucketWhoseUsageIsNotCountedYetStillConverges() throws Exception {
    Bucket b = Resources.bucket(NS, "capped", "real", DeletionPolicy.Delete);
    b.getSpec().setQuotaBytes(4096L);
    k.resource(b).create();
    awaitPhase(Bucket.class, "capped", Phase.ACTIVE);
    // RustFS cannot tell a new bucket's quota until its usage scanner counted it: 503
    NodeClient root = root();
    assertThatThrownBy(() -> root.admin("GET", "quota/capped", Map.of(), null))
        .isInstanceOfSatisfying(
            NodeException.class,
            e -> assertThat(e.code()).isEqualTo(NodeException.USAGE_NOT_COUNTED));
    // a change now makes the operator read the bucket's settings, quota included
    k.resources(Bucket.class)
        .inNamespace(NS)
        .withName("capped")
        .edit(
            x -> {
              x.getSpec().setVersioning(true);
              return x;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Bucket now = get(Bucket.class, "capped");
              assertThat(now.getStatus().getObservedGeneration())
                  .isEqualTo(now.getMetadata().getGeneration());
              assertThat(now.getStatus().isReady())
                  .as(String.valueOf(now.getStatus().getConditions()))
                  .isTrue();
            });
    // the quota holds although the node could not report it yet
    Map<String, String> rootKey = secret("s3aas-root-real");
    try (AwsCli aws =
        new AwsCli(
            get(S3Instance.class, "real").getStatus().getEndpoint(),
            rootKey.get("id"),
            rootKey.get("secret"))) {
      Path big = aws.file("big.bin", "x".repeat(8192));
      AwsCli.Result refused = aws.run("s3", "cp", big.toString(), "s3://capped/big.bin");
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.out()).contains("QuotaExceeded");
    }
  }

  @Test
  void aNodesRefusalForGoodEndsInErrorAndRecoversWhenTheSpecIsFixed() throws Exception {
    S3Policy bad = Resources.policy(NS, "typo", "real", "real-data");
    // RustFS parses policies strictly: an unknown field is refused with a 400, whatever retries
    ((ObjectNode) bad.getSpec().getDocument()).put("Comment", "read and write real-data");
    k.resource(bad).create();
    awaitPhase(S3Policy.class, "typo", Phase.ERROR);
    Condition ready =
        get(S3Policy.class, "typo").getStatus().condition(ConditionTypes.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(ready.getReason()).isEqualTo("InvalidRequest");
    assertThat(ready.getMessage()).contains("refused").contains("Comment");

    // the node's other objects are not paused by that refusal
    k.resource(Resources.bucket(NS, "neighbour", "real", DeletionPolicy.Delete)).create();
    awaitPhase(Bucket.class, "neighbour", Phase.ACTIVE);

    k.resources(S3Policy.class)
        .inNamespace(NS)
        .withName("typo")
        .edit(
            p -> {
              ((ObjectNode) p.getSpec().getDocument()).remove("Comment");
              return p;
            });
    awaitPhase(S3Policy.class, "typo", Phase.ACTIVE);
    assertThat(root().listCannedPolicies()).containsKey("typo");
  }

  @Test
  void wrongCoreCredentialsAreReportedAsRefusedAndRecoverWhenFixed() throws Exception {
    env.namespace(CORE_NS);
    try (ExordosCore core =
        ExordosCore.start(
            ExordosCore.Config.of("admin", "admin-pass")
                .withDelays(
                    Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(50)))) {
      OperatorConfig config =
          env.config()
              .withNamespaces(Set.of(CORE_NS))
              .withPollInterval(POLL)
              .withProvisionCheck(Duration.ofMillis(300));
      S3aasOperator wrong =
          S3aasOperator.start(
              config.withProvisioner(
                  ProvisionerConfig.Exordos.of(
                      core.loadBalancerEndpoint().toString(), "admin", "not-the-password", null)));
      try {
        k.resource(Resources.instance(CORE_NS, "refused", "refused-data")).create();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  S3Instance i = coreInstance();
                  assertThat(i.getStatus()).isNotNull();
                  assertThat(i.getStatus().getPhase()).isEqualTo(Phase.ERROR);
                  Condition c = i.getStatus().condition(ConditionTypes.READY).orElseThrow();
                  assertThat(c.getReason()).isEqualTo("CredentialsRefused");
                  assertThat(c.getMessage())
                      .contains("refused the credentials of user admin")
                      .doesNotContain("not-the-password");
                });
        assertThat(core.calls().count("CreateNodeSet")).isZero();
      } finally {
        wrong.close();
      }
      // the operator's password fixed, the instance comes up by itself
      S3aasOperator fixed =
          S3aasOperator.start(
              config.withProvisioner(
                  ProvisionerConfig.Exordos.of(
                      core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null)));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(coreInstance().getStatus().getPhase()).isEqualTo(Phase.ACTIVE));
        k.resources(S3Instance.class).inNamespace(CORE_NS).withName("refused").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> coreInstance() == null);
      } finally {
        fixed.close();
      }
    }
  }

  S3Instance coreInstance() {
    return k.resources(S3Instance.class).inNamespace(CORE_NS).withName("refused").get();
  }
}
