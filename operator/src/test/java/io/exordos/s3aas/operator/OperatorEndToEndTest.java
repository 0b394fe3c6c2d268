package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.AccessKeySpec;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3Policy;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.operator.provision.ExordosClient;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.provision.Uuids;
import io.exordos.s3aas.operator.rustfs.NodeAccess;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeClients;
import io.exordos.s3aas.testsupport.AwsCli;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end: the s3aas server on PostgreSQL, the Exordos Core emulator (whose nodes run the RustFS
 * node emulator) and, in a second namespace, the local provisioner; the operator in-process; the
 * real AWS CLI as the user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorEndToEndTest {
  static final String NS = "default";
  static final String LOCAL_NS = "local";
  static final Duration POLL = Duration.ofSeconds(2);

  TestEnv env;
  ExordosCore core;
  S3aasOperator exordosOperator;
  S3aasOperator localOperator;
  Path localState;
  KubernetesClient k;

  @BeforeAll
  void start() throws Exception {
    env = new TestEnv();
    k = env.client;
    env.namespace(LOCAL_NS);
    core =
        ExordosCore.start(
            ExordosCore.Config.of("admin", "admin-pass")
                .withDelays(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(50)));
    exordosOperator =
        S3aasOperator.start(
            env.config()
                .withProvisioner(
                    ProvisionerConfig.Exordos.of(
                        core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null))
                .withNamespaces(java.util.Set.of(NS))
                .withPollInterval(POLL)
                .withProvisionCheck(Duration.ofMillis(300)));
    localState = Files.createTempDirectory("s3aas-local-nodes");
    localOperator =
        S3aasOperator.start(
            env.config()
                .withProvisioner(EmulatedNodes.local(localState))
                .withNamespaces(java.util.Set.of(LOCAL_NS))
                .withPollInterval(POLL)
                .withProvisionCheck(Duration.ofMillis(300)));
  }

  @AfterAll
  void stop() {
    if (exordosOperator != null) {
      exordosOperator.close();
    }
    if (localOperator != null) {
      localOperator.close();
    }
    if (core != null) {
      core.close();
    }
    if (env != null) {
      env.close();
    }
    TestEnv.deleteTree(localState);
  }

  S3Instance instance(String ns, String name) {
    return k.resources(S3Instance.class).inNamespace(ns).withName(name).get();
  }

  Map<String, String> secret(String ns, String name) {
    Secret s = k.secrets().inNamespace(ns).withName(name).get();
    return Map.of(
        AccessKeySpec.ACCESS_KEY_ID,
            new String(
                Base64.getDecoder().decode(s.getData().get(AccessKeySpec.ACCESS_KEY_ID)),
                StandardCharsets.UTF_8),
        AccessKeySpec.SECRET_ACCESS_KEY,
            new String(
                Base64.getDecoder().decode(s.getData().get(AccessKeySpec.SECRET_ACCESS_KEY)),
                StandardCharsets.UTF_8));
  }

  <
          T extends
              io.fabric8.kubernetes.client.CustomResource<
                      ?, ? extends io.exordos.s3aas.api.v1alpha1.ResourceStatus>>
      void awaitActive(Class<T> type, String ns, String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              T r = k.resources(type).inNamespace(ns).withName(name).get();
              assertThat(r).isNotNull();
              assertThat(r.getStatus())
                  .as(type.getSimpleName() + " " + name + " status")
                  .isNotNull();
              assertThat(r.getStatus().getPhase())
                  .as(type.getSimpleName() + " " + name + ": " + r.getStatus().getConditions())
                  .isEqualTo(Phase.ACTIVE);
              assertThat(r.getStatus().isReady())
                  .as(name + " ready: " + r.getStatus().getConditions())
                  .isTrue();
            });
  }

  NodeClient root(String ns, String instance, NodeClients clients) {
    Map<String, String> root = secret(ns, "s3aas-root-" + instance);
    return new NodeClient(
        new NodeAccess(
            instance(ns, instance).getStatus().getEndpoint(),
            root.get(AccessKeySpec.ACCESS_KEY_ID),
            root.get(AccessKeySpec.SECRET_ACCESS_KEY)),
        clients.http(),
        4);
  }

  @Test
  void exordosLifecycleWithAwsCliDriftAndDeletion() throws Exception {
    k.resource(Resources.instance(NS, "s3-one", "data")).create();
    k.resource(Resources.bucket(NS, "photos", "s3-one", DeletionPolicy.Delete)).create();
    k.resource(Resources.policy(NS, "photos-rw", "s3-one", "photos")).create();
    k.resource(Resources.user(NS, "writer", "s3-one", List.of("photos-rw"))).create();
    k.resource(Resources.user(NS, "reader", "s3-one", List.of("readonly"))).create();
    k.resource(Resources.key(NS, "writer-key", "writer")).create();
    k.resource(Resources.key(NS, "reader-key", "reader")).create();

    awaitActive(S3Instance.class, NS, "s3-one");
    S3Instance inst = instance(NS, "s3-one");
    assertThat(inst.getStatus().getNodes()).hasSize(1);
    assertThat(inst.getStatus().getNodes().get(0).getIp()).startsWith("127.20.");
    assertThat(inst.getStatus().getNodes().get(0).getPort()).isEqualTo(9000);
    assertThat(inst.getStatus().getEndpoint())
        .isEqualTo("http://" + inst.getStatus().getNodes().get(0).getIp() + ":9000");
    for (String b : List.of("photos")) {
      awaitActive(Bucket.class, NS, b);
    }
    awaitActive(S3Policy.class, NS, "photos-rw");
    awaitActive(S3User.class, NS, "writer");
    awaitActive(AccessKey.class, NS, "writer-key");
    awaitActive(AccessKey.class, NS, "reader-key");

    // exactly one node set, with the UUID derived from the instance UID
    ExordosClient coreClient =
        new ExordosClient(core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null);
    String setUuid = Uuids.nodeSet(inst.getMetadata().getUid()).toString();
    assertThat(coreClient.listNodeSets(Map.of()))
        .extracting(n -> n.path("uuid").asText())
        .containsExactly(setUuid);

    Map<String, String> writer = secret(NS, "s3aas-key-writer-key");
    Map<String, String> reader = secret(NS, "s3aas-key-reader-key");
    try (AwsCli aws =
            new AwsCli(
                inst.getStatus().getEndpoint(),
                writer.get(AccessKeySpec.ACCESS_KEY_ID),
                writer.get(AccessKeySpec.SECRET_ACCESS_KEY));
        AwsCli ro =
            new AwsCli(
                inst.getStatus().getEndpoint(),
                reader.get(AccessKeySpec.ACCESS_KEY_ID),
                reader.get(AccessKeySpec.SECRET_ACCESS_KEY))) {
      Path file = aws.file("hello.txt", "hello s3aas\n");
      AwsCli.Result put = aws.run("s3", "cp", file.toString(), "s3://photos/hello.txt");
      assertThat(put.exit()).as(put.out()).isZero();
      AwsCli.Result get = aws.run("s3", "cp", "s3://photos/hello.txt", "-");
      assertThat(get.exit()).as(get.out()).isZero();
      assertThat(get.out()).contains("hello s3aas");
      AwsCli.Result readerGet = ro.run("s3", "cp", "s3://photos/hello.txt", "-");
      assertThat(readerGet.exit()).as(readerGet.out()).isZero();
      Path other = ro.file("nope.txt", "nope\n");
      AwsCli.Result denied = ro.run("s3", "cp", other.toString(), "s3://photos/nope.txt");
      assertThat(denied.exit()).as(denied.out()).isNotZero();
      assertThat(denied.out()).contains("AccessDenied");
    }

    // drift: delete the bucket and the writer's RustFS user behind the operator's back
    try (NodeClients clients = new NodeClients(4)) {
      NodeClient node = root(NS, "s3-one", clients);
      node.emptyBucket("photos");
      node.removeBucket("photos");
      node.removeUser(writer.get(AccessKeySpec.ACCESS_KEY_ID));
      await()
          .atMost(POLL.multipliedBy(5))
          .untilAsserted(
              () -> {
                assertThat(node.listBuckets()).contains("photos", "data");
                assertThat(node.listUsers()).containsKey(writer.get(AccessKeySpec.ACCESS_KEY_ID));
                assertThat(node.listUsers().get(writer.get(AccessKeySpec.ACCESS_KEY_ID)).policies())
                    .containsExactly("photos-rw");
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                List<Event> events = k.v1().events().inNamespace(NS).list().getItems();
                assertThat(events)
                    .filteredOn(e -> "DriftRepaired".equals(e.getReason()))
                    .extracting(e -> e.getInvolvedObject().getName())
                    .contains("photos", "writer-key");
              });
      // and kubectl describe finds them: it selects by the object's kind, name, namespace and uid
      Bucket photos = k.resources(Bucket.class).inNamespace(NS).withName("photos").get();
      List<Event> described =
          k.v1()
              .events()
              .inNamespace(NS)
              .withField("involvedObject.kind", "Bucket")
              .withField("involvedObject.name", "photos")
              .withField("involvedObject.namespace", NS)
              .withField("involvedObject.uid", photos.getMetadata().getUid())
              .list()
              .getItems();
      assertThat(described).extracting(Event::getReason).contains("DriftRepaired");

      // deleting a key and a bucket removes them from the node
      k.resources(AccessKey.class).inNamespace(NS).withName("reader-key").delete();
      k.resources(Bucket.class).inNamespace(NS).withName("photos").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(node.listUsers())
                    .doesNotContainKey(reader.get(AccessKeySpec.ACCESS_KEY_ID));
                assertThat(node.listBuckets()).doesNotContain("photos");
                assertThat(k.secrets().inNamespace(NS).withName("s3aas-key-reader-key").get())
                    .isNull();
              });
    }

    // deleting the instance deletes its children, the node set, its configs and the root Secret
    k.resources(S3Instance.class).inNamespace(NS).withName("s3-one").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(k.resources(S3Instance.class).inNamespace(NS).list().getItems()).isEmpty();
              assertThat(k.resources(Bucket.class).inNamespace(NS).list().getItems()).isEmpty();
              assertThat(k.resources(S3Policy.class).inNamespace(NS).list().getItems()).isEmpty();
              assertThat(k.resources(S3User.class).inNamespace(NS).list().getItems()).isEmpty();
              assertThat(k.resources(AccessKey.class).inNamespace(NS).list().getItems()).isEmpty();
            });
    assertThat(coreClient.listNodeSets(Map.of())).isEmpty();
    assertThat(coreClient.listConfigs(Map.of())).isEmpty();
    assertThat(k.secrets().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void localProvisionerServesTheAwsCli() throws Exception {
    k.resource(Resources.instance(LOCAL_NS, "dev", "dev-data")).create();
    k.resource(Resources.user(LOCAL_NS, "dev-user", "dev", List.of("readwrite"))).create();
    k.resource(Resources.key(LOCAL_NS, "dev-key", "dev-user")).create();
    awaitActive(S3Instance.class, LOCAL_NS, "dev");
    awaitActive(AccessKey.class, LOCAL_NS, "dev-key");
    S3Instance inst = instance(LOCAL_NS, "dev");
    assertThat(inst.getStatus().getNodes()).hasSize(1);
    assertThat(inst.getStatus().getNodes().get(0).getIp()).isEqualTo("127.0.0.1");
    assertThat(inst.getStatus().getEndpoint())
        .isEqualTo("http://127.0.0.1:" + inst.getStatus().getNodes().get(0).getPort());
    Map<String, String> key = secret(LOCAL_NS, "s3aas-key-dev-key");
    try (AwsCli aws =
        new AwsCli(
            inst.getStatus().getEndpoint(),
            key.get(AccessKeySpec.ACCESS_KEY_ID),
            key.get(AccessKeySpec.SECRET_ACCESS_KEY))) {
      Path file = aws.file("a.txt", "local node\n");
      assertThat(aws.run("s3", "cp", file.toString(), "s3://dev-data/a.txt").exit()).isZero();
      AwsCli.Result get = aws.run("s3", "cp", "s3://dev-data/a.txt", "-");
      assertThat(get.out()).contains("local node");
      // the default bucket counts as DeleteIfEmpty: emptied, it lets the instance go
      assertThat(aws.run("s3", "rm", "s3://dev-data/a.txt").exit()).isZero();
    }
    k.resources(S3Instance.class).inNamespace(LOCAL_NS).withName("dev").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(k.resources(S3Instance.class).inNamespace(LOCAL_NS).list().getItems())
                  .isEmpty();
              assertThat(k.resources(AccessKey.class).inNamespace(LOCAL_NS).list().getItems())
                  .isEmpty();
              assertThat(k.resources(S3User.class).inNamespace(LOCAL_NS).list().getItems())
                  .isEmpty();
            });
    try (var files = Files.list(localState)) {
      assertThat(files.toList()).isEmpty();
    }
  }
}
