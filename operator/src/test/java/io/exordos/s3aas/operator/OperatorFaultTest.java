package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.emulator.core.ExordosCore;
import io.exordos.s3aas.emulator.instrument.Faults;
import io.exordos.s3aas.operator.provision.ExordosClient;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.provision.Uuids;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 30 % of all Exordos Core calls fail, and the operator is stopped and started again at random
 * points while three instances are being created: every instance still converges with exactly one
 * node set, and deleting everything leaves nothing behind and no finalizer stuck.
 */
class OperatorFaultTest {
  static final int INSTANCES = 3;

  @Test
  void convergesThroughCoreFaultsAndRestarts() throws Exception {
    Random random = new Random();
    try (TestEnv env = new TestEnv();
        ExordosCore core =
            ExordosCore.start(
                ExordosCore.Config.of("admin", "admin-pass")
                    .withDelays(
                        Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(50)))) {
      KubernetesClient k = env.client;
      core.faults().failRate(Faults.ALL, 0.3, 503);
      OperatorConfig config =
          env.config()
              .withProvisioner(
                  ProvisionerConfig.Exordos.of(
                      core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null))
              .withNamespaces(Set.of("default"))
              .withPollInterval(Duration.ofSeconds(2))
              .withProvisionCheck(Duration.ofMillis(200));
      S3aasOperator operator = S3aasOperator.start(config);
      try {
        for (int i = 0; i < INSTANCES; i++) {
          k.resource(Resources.instance("default", "s3-" + i, "data-" + i)).create();
          k.resource(Resources.bucket("default", "b-" + i, "s3-" + i, DeletionPolicy.Delete))
              .create();
          k.resource(Resources.user("default", "u-" + i, "s3-" + i, List.of("readwrite"))).create();
          k.resource(Resources.key("default", "k-" + i, "u-" + i)).create();
        }
        for (int restart = 0; restart < 4; restart++) {
          long pause = 100L + random.nextInt(1200);
          await()
              .pollDelay(Duration.ofMillis(pause))
              .atMost(Duration.ofMillis(pause + 1000))
              .until(() -> true);
          operator.close();
          operator = S3aasOperator.start(config);
        }
        await()
            .atMost(Duration.ofMinutes(2))
            .untilAsserted(
                () -> {
                  for (int i = 0; i < INSTANCES; i++) {
                    S3Instance inst =
                        k.resources(S3Instance.class)
                            .inNamespace("default")
                            .withName("s3-" + i)
                            .get();
                    assertThat(inst.getStatus()).isNotNull();
                    assertThat(inst.getStatus().getPhase())
                        .as("s3-" + i + " " + inst.getStatus().getConditions())
                        .isEqualTo(Phase.ACTIVE);
                    assertThat(
                            k.resources(AccessKey.class)
                                .inNamespace("default")
                                .withName("k-" + i)
                                .get()
                                .getStatus()
                                .getPhase())
                        .isEqualTo(Phase.ACTIVE);
                    assertThat(
                            k.resources(Bucket.class)
                                .inNamespace("default")
                                .withName("b-" + i)
                                .get()
                                .getStatus()
                                .getPhase())
                        .isEqualTo(Phase.ACTIVE);
                  }
                });
        ExordosClient coreClient =
            new ExordosClient(core.loadBalancerEndpoint().toString(), "admin", "admin-pass", null);
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  var sets = coreClient.listNodeSets(Map.of());
                  assertThat(sets).hasSize(INSTANCES);
                  for (int i = 0; i < INSTANCES; i++) {
                    String uid =
                        k.resources(S3Instance.class)
                            .inNamespace("default")
                            .withName("s3-" + i)
                            .get()
                            .getMetadata()
                            .getUid();
                    assertThat(sets)
                        .filteredOn(
                            s -> s.path("uuid").asText().equals(Uuids.nodeSet(uid).toString()))
                        .hasSize(1);
                  }
                });

        // four restarts (each a full relist) of unchanged instances: no node set was ever PUT,
        // the disk_spec Core answers is compared for what it means, not byte for byte
        assertThat(core.calls().count("UpdateNodeSet")).isZero();

        // deletion under the same faults, with one more restart in the middle
        for (int i = 0; i < INSTANCES; i++) {
          k.resources(S3Instance.class).inNamespace("default").withName("s3-" + i).delete();
        }
        long pause = 100L + random.nextInt(800);
        await()
            .pollDelay(Duration.ofMillis(pause))
            .atMost(Duration.ofMillis(pause + 1000))
            .until(() -> true);
        operator.close();
        operator = S3aasOperator.start(config);
        await()
            .atMost(Duration.ofMinutes(2))
            .untilAsserted(
                () -> {
                  assertThat(k.resources(S3Instance.class).inNamespace("default").list().getItems())
                      .isEmpty();
                  assertThat(k.resources(Bucket.class).inNamespace("default").list().getItems())
                      .isEmpty();
                  assertThat(k.resources(S3User.class).inNamespace("default").list().getItems())
                      .isEmpty();
                  assertThat(k.resources(AccessKey.class).inNamespace("default").list().getItems())
                      .isEmpty();
                });
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(() -> assertThat(coreClient.listNodeSets(Map.of())).isEmpty());
      } finally {
        operator.close();
      }
    }
  }
}
