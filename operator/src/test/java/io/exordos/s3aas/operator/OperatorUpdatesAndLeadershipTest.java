package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.exordos.s3aas.api.v1alpha1.Encryption;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.operator.provision.ExordosClient;
import io.exordos.s3aas.operator.provision.ExordosProvisioner;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.provision.Uuids;
import io.exordos.s3aas.operator.reconciler.InstanceDirectory;
import io.exordos.s3aas.testsupport.AwsCli;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.minio.GetBucketEncryptionArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.messages.SseAlgorithm;
import io.minio.messages.SseConfiguration;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The parts of the S3Instance lifecycle after creation: in-place updates of an ACTIVE instance
 * (node set resize, default bucket versioning and encryption, observedGeneration), {@code
 * encryption: aes256} (KMS settings in rustfs.env, SSE-S3 on the default bucket; switched off, the
 * bucket default goes and the KMS stays for the objects already encrypted), and leader election
 * between two operator replicas. Everything is checked from outside the operator: the Exordos Core
 * emulator's node sets, configs and call counters, and the node's S3 API through minio-java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorUpdatesAndLeadershipTest {
  static final String NS = "default";
  static final String LEADER_NS = "leader";
  static final Duration POLL = Duration.ofSeconds(2);

  TestEnv env;
  KubernetesClient k;
  ExordosCore core;
  ExordosClient coreClient;
  S3aasOperator operator;

  @BeforeAll
  void start() {
    env = new TestEnv();
    k = env.client;
    env.namespace(LEADER_NS);
    core =
        ExordosCore.start(
            ExordosCore.Config.of("admin", "admin-pass")
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(50)));
    coreClient =
        new ExordosClient(core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null);
    operator =
        S3aasOperator.start(
            env.config()
                .withProvisioner(
                    ProvisionerConfig.Exordos.of(
                        core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null))
                .withNamespaces(Set.of(NS))
                .withPollInterval(POLL)
                .withProvisionCheck(Duration.ofMillis(300)));
  }

  @AfterAll
  void stop() {
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

  // ---------------------------------------------------------------- helpers

  S3Instance instance(String ns, String name) {
    return k.resources(S3Instance.class).inNamespace(ns).withName(name).get();
  }

  void edit(String ns, String name, UnaryOperator<S3Instance> change) {
    k.resources(S3Instance.class).inNamespace(ns).withName(name).edit(change);
  }

  /** ACTIVE, Ready and observedGeneration equal to the current generation. */
  S3Instance awaitSettled(String ns, String name, Duration atMost) {
    await()
        .atMost(atMost)
        .untilAsserted(
            () -> {
              S3Instance i = instance(ns, name);
              assertThat(i.getStatus()).as(name + " status").isNotNull();
              assertThat(i.getStatus().getPhase())
                  .as(name + ": " + i.getStatus().getConditions())
                  .isEqualTo(Phase.ACTIVE);
              assertThat(i.getStatus().isReady())
                  .as(name + " ready: " + i.getStatus().getConditions())
                  .isTrue();
              assertThat(i.getStatus().getObservedGeneration())
                  .as(name + " observedGeneration")
                  .isEqualTo(i.getMetadata().getGeneration());
            });
    return instance(ns, name);
  }

  MinioClient s3(String ns, String name) {
    Secret s = k.secrets().inNamespace(ns).withName("s3aas-root-" + name).get();
    return MinioClient.builder()
        .endpoint(instance(ns, name).getStatus().getEndpoint())
        .region("us-east-1")
        .credentials(
            decode(s.getData().get(AccessKeySpec.ACCESS_KEY_ID)),
            decode(s.getData().get(AccessKeySpec.SECRET_ACCESS_KEY)))
        .build();
  }

  static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  static VersioningConfiguration.Status versioning(MinioClient s3, String bucket) throws Exception {
    return s3.getBucketVersioning(GetBucketVersioningArgs.builder().bucket(bucket).build())
        .status();
  }

  static SseAlgorithm encryption(MinioClient s3, String bucket) throws Exception {
    SseConfiguration c =
        s3.getBucketEncryption(GetBucketEncryptionArgs.builder().bucket(bucket).build());
    return c == null || c.rule() == null ? null : c.rule().sseAlgorithm();
  }

  JsonNode nodeSet(S3Instance i) {
    return coreClient
        .getNodeSet(Uuids.nodeSet(i.getMetadata().getUid()).toString())
        .orElseThrow(() -> new AssertionError("no node set for " + i.getMetadata().getName()));
  }

  static int dataDiskGb(JsonNode set) {
    for (JsonNode d : set.path("disk_spec").path("disks")) {
      if ("data".equals(d.path("label").asText())) {
        return d.path("size").asInt();
      }
    }
    throw new AssertionError("no data disk in " + set);
  }

  /** The rustfs.env contents the operator pushed for the instance's nodes. */
  List<String> envConfigs(S3Instance i) {
    String set = Uuids.nodeSet(i.getMetadata().getUid()).toString();
    return coreClient.listConfigs(Map.of("path", ExordosProvisioner.ENV_PATH)).stream()
        .filter(c -> c.path("description").asText().contains(set))
        .map(c -> c.path("body").path("content").asText())
        .toList();
  }

  static Map<String, String> env(String content) {
    Map<String, String> vars = new java.util.LinkedHashMap<>();
    for (String line : content.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        vars.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return vars;
  }

  // ---------------------------------------------------------------- tests

  @Test
  void activeInstanceIsUpdatedInPlaceAndAes256CarriesKmsSettings() throws Exception {
    k.resource(Resources.instance(NS, "grow", "grow-data")).create();
    S3Instance sealed = Resources.instance(NS, "sealed", "sealed-data");
    sealed.getSpec().setEncryption(Encryption.AES256);
    k.resource(sealed).create();

    S3Instance grow = awaitSettled(NS, "grow", Duration.ofSeconds(60));
    long gen1 = grow.getMetadata().getGeneration();
    S3Instance grow0 = grow;
    MinioClient growS3 = s3(NS, "grow");
    assertThat(versioning(growS3, "grow-data")).isEqualTo(VersioningConfiguration.Status.OFF);
    assertThat(encryption(growS3, "grow-data")).isNull();
    assertThat(envConfigs(grow)).hasSize(1);
    assertThat(env(envConfigs(grow).get(0))).doesNotContainKey("RUSTFS_KMS_ENABLE");
    String setUuid = Uuids.nodeSet(grow.getMetadata().getUid()).toString();
    long createSets = core.calls().count("CreateNodeSet");

    // 3. encryption: aes256 from the start: KMS settings in rustfs.env, SSE-S3 on the bucket
    S3Instance sealedNow = awaitSettled(NS, "sealed", Duration.ofSeconds(60));
    List<String> sealedEnv = envConfigs(sealedNow);
    assertThat(sealedEnv).hasSize(1);
    assertThat(env(sealedEnv.get(0)))
        .containsEntry("RUSTFS_KMS_ENABLE", "true")
        .containsEntry("RUSTFS_KMS_BACKEND", "local")
        .containsEntry("RUSTFS_KMS_KEY_DIR", "/var/lib/rustfs/kms")
        .containsEntry("RUSTFS_KMS_DEFAULT_KEY_ID", "s3aas-default");
    assertThat(encryption(s3(NS, "sealed"), "sealed-data")).isEqualTo(SseAlgorithm.AES256);

    // 1a. growing cpu, ram and disk resizes the node set in place
    edit(
        NS,
        "grow",
        i -> {
          i.getSpec().setCpu(2);
          i.getSpec().setRamMb(2048);
          i.getSpec().setDiskSizeGb(20);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode set = nodeSet(instance(NS, "grow"));
              assertThat(set.path("cores").asInt()).isEqualTo(2);
              assertThat(set.path("ram").asInt()).isEqualTo(2048);
              assertThat(dataDiskGb(set)).isEqualTo(20);
            });
    grow = awaitSettled(NS, "grow", Duration.ofSeconds(30));
    long gen2 = grow.getMetadata().getGeneration();
    assertThat(gen2).isGreaterThan(gen1);
    assertThat(core.calls().count("UpdateNodeSet")).isPositive();
    long updateSets = core.calls().count("UpdateNodeSet");
    // in place: the same nodes (ids and addresses) serve the instance
    assertThat(grow.getStatus().getNodes())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(grow0.getStatus().getNodes());
    assertThat(core.calls().count("CreateNodeSet")).isEqualTo(createSets);
    assertThat(coreClient.listNodeSets(Map.of()))
        .extracting(n -> n.path("uuid").asText())
        .containsExactlyInAnyOrder(
            setUuid, Uuids.nodeSet(sealedNow.getMetadata().getUid()).toString());

    // 1b. versioning on: the default bucket on the node follows
    edit(
        NS,
        "grow",
        i -> {
          i.getSpec().setVersioning(true);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(versioning(s3(NS, "grow"), "grow-data"))
                    .isEqualTo(VersioningConfiguration.Status.ENABLED));
    grow = awaitSettled(NS, "grow", Duration.ofSeconds(20));
    long gen3 = grow.getMetadata().getGeneration();
    assertThat(gen3).isGreaterThan(gen2);

    // 1c. encryption none -> aes256: KMS settings pushed, SSE-S3 on the default bucket
    long updateConfigs = core.calls().count("UpdateConfig");
    edit(
        NS,
        "grow",
        i -> {
          i.getSpec().setEncryption(Encryption.AES256);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              S3Instance i = instance(NS, "grow");
              assertThat(env(envConfigs(i).get(0))).containsEntry("RUSTFS_KMS_ENABLE", "true");
              assertThat(encryption(s3(NS, "grow"), "grow-data")).isEqualTo(SseAlgorithm.AES256);
            });
    grow = awaitSettled(NS, "grow", Duration.ofSeconds(30));
    assertThat(grow.getMetadata().getGeneration()).isGreaterThan(gen3);
    // one node, one new rustfs.env (which restarts RustFS there)
    assertThat(core.calls().count("UpdateConfig")).isEqualTo(updateConfigs + 1);
    // versioning survived the restart that applied the new rustfs.env
    assertThat(versioning(s3(NS, "grow"), "grow-data"))
        .isEqualTo(VersioningConfiguration.Status.ENABLED);

    // 1d. versioning off again: suspended on the node
    edit(
        NS,
        "grow",
        i -> {
          i.getSpec().setVersioning(false);
          return i;
        });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(versioning(s3(NS, "grow"), "grow-data"))
                    .isEqualTo(VersioningConfiguration.Status.SUSPENDED));
    awaitSettled(NS, "grow", Duration.ofSeconds(20));
    assertThat(core.calls().count("CreateNodeSet")).isEqualTo(createSets);
    assertThat(coreClient.listNodeSets(Map.of())).hasSize(2);
    // settled: the resize was sent once, and the set is not updated again on later reconciles
    assertThat(core.calls().count("UpdateNodeSet")).isEqualTo(updateSets);
  }

  @Test
  void encryptionOffRemovesTheBucketDefaultButKeepsTheKms() throws Exception {
    S3Instance unseal = Resources.instance(NS, "unseal", "unseal-data");
    unseal.getSpec().setEncryption(Encryption.AES256);
    k.resource(unseal).create();
    try {
      unseal = awaitSettled(NS, "unseal", Duration.ofSeconds(60));
      long gen1 = unseal.getMetadata().getGeneration();
      MinioClient s3 = s3(NS, "unseal");
      assertThat(encryption(s3, "unseal-data")).isEqualTo(SseAlgorithm.AES256);
      assertThat(env(envConfigs(unseal).get(0))).containsKey("RUSTFS_KMS_ENABLE");
      byte[] body = "written while aes256 was on".getBytes(StandardCharsets.UTF_8);
      s3.putObject(
          PutObjectArgs.builder().bucket("unseal-data").object("sealed.txt").stream(
                  new ByteArrayInputStream(body), body.length, -1)
              .build());
      long updateConfigs = core.calls().count("UpdateConfig");

      // aes256 -> none: the bucket default goes; the KMS stays in rustfs.env, because objects
      // written under SSE-S3 need their key to be read, so the node is not even reconfigured
      edit(
          NS,
          "unseal",
          i -> {
            i.getSpec().setEncryption(Encryption.NONE);
            return i;
          });
      await()
          .atMost(Duration.ofSeconds(30))
          .failFast(
              "unseal left ACTIVE while encryption was being switched off",
              () -> instance(NS, "unseal").getStatus().getPhase() != Phase.ACTIVE)
          .untilAsserted(() -> assertThat(encryption(s3(NS, "unseal"), "unseal-data")).isNull());
      unseal = awaitSettled(NS, "unseal", Duration.ofSeconds(30));
      assertThat(unseal.getMetadata().getGeneration()).isGreaterThan(gen1);
      assertThat(envConfigs(unseal)).hasSize(1);
      assertThat(env(envConfigs(unseal).get(0)))
          .containsEntry("RUSTFS_KMS_ENABLE", "true")
          .containsEntry("RUSTFS_KMS_DEFAULT_KEY_ID", "s3aas-default");
      assertThat(core.calls().count("UpdateConfig")).isEqualTo(updateConfigs);
      // the node answers as S3 does for a bucket without default encryption
      Secret root = k.secrets().inNamespace(NS).withName("s3aas-root-unseal").get();
      try (AwsCli aws =
          new AwsCli(
              unseal.getStatus().getEndpoint(),
              decode(root.getData().get(AccessKeySpec.ACCESS_KEY_ID)),
              decode(root.getData().get(AccessKeySpec.SECRET_ACCESS_KEY)))) {
        AwsCli.Result get = aws.run("s3api", "get-bucket-encryption", "--bucket", "unseal-data");
        assertThat(get.exit()).as(get.out()).isNotZero();
        assertThat(get.out()).contains("ServerSideEncryptionConfigurationNotFoundError");
      }
      // objects written while encryption was on stay readable
      try (GetObjectResponse r =
          s3(NS, "unseal")
              .getObject(
                  GetObjectArgs.builder().bucket("unseal-data").object("sealed.txt").build())) {
        assertThat(r.readAllBytes()).isEqualTo(body);
      }
    } finally {
      // the other update test counts the node sets in this Core: leave none behind
      S3Instance created = instance(NS, "unseal");
      if (created != null && InstanceDirectory.active(created)) {
        // the default bucket counts as DeleteIfEmpty: empty it so the instance may go
        s3(NS, "unseal")
            .removeObject(
                RemoveObjectArgs.builder().bucket("unseal-data").object("sealed.txt").build());
      }
      k.resources(S3Instance.class).inNamespace(NS).withName("unseal").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(instance(NS, "unseal")).isNull();
                if (created != null) {
                  assertThat(
                          coreClient.getNodeSet(
                              Uuids.nodeSet(created.getMetadata().getUid()).toString()))
                      .isEmpty();
                }
              });
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOver() throws Exception {
    // each replica has its own Core emulator, so each one's calls are counted apart (after the
    // takeover, B also provisions "first" in its own Core: an artifact of this split, not checked)
    try (ExordosCore coreA = fastCore();
        ExordosCore coreB = fastCore()) {
      S3aasOperator a = replica(coreA, "replica-a");
      S3aasOperator b = null;
      try {
        assertExitOnStopLeadingIsOff(a);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  Lease l = k.leases().inNamespace(LEADER_NS).withName("s3aas-operator").get();
                  assertThat(l).isNotNull();
                  assertThat(l.getSpec().getHolderIdentity()).isEqualTo("replica-a");
                });
        b = replica(coreB, "replica-b");
        assertExitOnStopLeadingIsOff(b);

        k.resource(Resources.instance(LEADER_NS, "first", "first-data")).create();
        S3Instance first = awaitSettled(LEADER_NS, "first", Duration.ofSeconds(60));
        assertThat(first.getStatus().getEndpoint()).isNotNull();
        assertThat(coreA.calls().count("CreateNodeSet")).isEqualTo(1);
        assertThat(
                new ExordosClient(
                        coreA.loadBalancerEndpoint().toString(), "admin", "admin-pass", null)
                    .listNodeSets(Map.of()))
            .extracting(n -> n.path("uuid").asText())
            .containsExactly(Uuids.nodeSet(first.getMetadata().getUid()).toString());
        // the standby makes no Core call at all, also over a few poll intervals
        await()
            .during(POLL.multipliedBy(2))
            .atMost(POLL.multipliedBy(3))
            .until(() -> coreB.calls().total() == 0);
        assertThat(
                k.leases()
                    .inNamespace(LEADER_NS)
                    .withName("s3aas-operator")
                    .get()
                    .getSpec()
                    .getHolderIdentity())
            .isEqualTo("replica-a");

        // the leader goes; the standby takes the Lease and converges a new instance
        a.close();
        a = null;
        long aCalls = coreA.calls().total();
        k.resource(Resources.instance(LEADER_NS, "second", "second-data")).create();
        await()
            .atMost(Duration.ofSeconds(45))
            .untilAsserted(
                () ->
                    assertThat(
                            k.leases()
                                .inNamespace(LEADER_NS)
                                .withName("s3aas-operator")
                                .get()
                                .getSpec()
                                .getHolderIdentity())
                        .isEqualTo("replica-b"));
        S3Instance second = awaitSettled(LEADER_NS, "second", Duration.ofSeconds(60));
        ExordosClient clientB =
            new ExordosClient(coreB.loadBalancerEndpoint().toString(), "admin", "admin-pass", null);
        assertThat(clientB.listNodeSets(Map.of()))
            .extracting(n -> n.path("uuid").asText())
            .contains(Uuids.nodeSet(second.getMetadata().getUid()).toString());
        // the old leader is gone for good: no Core call after its close
        assertThat(coreA.calls().total()).isEqualTo(aCalls);
      } finally {
        if (a != null) {
          a.close();
        }
        if (b != null) {
          b.close();
        }
      }
    }
  }

  static ExordosCore fastCore() {
    return ExordosCore.start(
        ExordosCore.Config.of("admin", "admin-pass")
            .withDelays(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(20)));
  }

  S3aasOperator replica(ExordosCore c, String identity) {
    return S3aasOperator.start(
        env.config()
            .withProvisioner(
                ProvisionerConfig.Exordos.of(
                    c.loadBalancerEndpoint().toString(), "admin", "admin-pass", null))
            .withNamespaces(Set.of(LEADER_NS))
            .withPollInterval(POLL)
            .withProvisionCheck(Duration.ofMillis(300))
            .withLeaderElection(LEADER_NS, identity));
  }

  /**
   * JOSDK calls System.exit when a replica stops leading (closing the leader counts) unless told
   * not to: that would end the surefire JVM, so check before any replica is closed.
   */
  static void assertExitOnStopLeadingIsOff(S3aasOperator op) throws Exception {
    java.lang.reflect.Field f = S3aasOperator.class.getDeclaredField("operator");
    f.setAccessible(true);
    Operator josdk = (Operator) f.get(op);
    LeaderElectionConfiguration le =
        josdk.getConfigurationService().getLeaderElectionConfiguration().orElseThrow();
    assertThat(le.isExitOnStopLeading()).isFalse();
    assertThat(le.getLeaseName()).isEqualTo("s3aas-operator");
  }
}
