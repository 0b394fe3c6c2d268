package io.exordos.s3aas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.v1alpha1.Bucket;
import io.exordos.s3aas.api.v1alpha1.DeletionPolicy;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One tenant's malformed object cannot stop the operator for the others. The API refuses such
 * objects, so these are written straight into PostgreSQL (as an older server, a restore or a hand
 * edit could leave them): one before the operator starts (its informer's first list carries it) and
 * one while it runs (a watch event carries it). The operator keeps running and other objects of the
 * same kind are still reconciled.
 */
class MalformedObjectTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anUnreadableObjectNeverStopsReconciliation() throws Exception {
    Path state = Files.createTempDirectory("s3aas-malformed");
    try (TestEnv env = new TestEnv()) {
      KubernetesClient k = env.client;
      insertBypassingTheApi(env, "bad-at-start", "labels", JSON.readTree("[\"x\"]"));
      k.resource(Resources.bucket("default", "good-1", "missing", DeletionPolicy.Retain)).create();

      try (S3aasOperator operator =
          S3aasOperator.start(
              env.config()
                  .withProvisioner(EmulatedNodes.local(state))
                  .withNamespaces(Set.of("default")))) {
        awaitReconciled(k, "good-1");

        insertBypassingTheApi(env, "bad-later", "annotations", JSON.readTree("[\"x\"]"));
        insertBypassingTheApi(env, "bad-later-2", "finalizers", JSON.readTree("\"x\""));
        k.resource(Resources.bucket("default", "good-2", "missing", DeletionPolicy.Retain))
            .create();
        awaitReconciled(k, "good-2");
        assertThat(operator).isNotNull();
      }
    } finally {
      TestEnv.deleteTree(state);
    }
  }

  /** Reconciled: the operator reported, in status, that the bucket's instance does not exist. */
  private static void awaitReconciled(KubernetesClient k, String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Bucket b = k.resources(Bucket.class).inNamespace("default").withName(name).get();
              assertThat(b.getStatus()).as(name + " has a status").isNotNull();
              assertThat(b.getStatus().getPhase()).isEqualTo(Phase.PENDING);
            });
  }

  /**
   * Creates a Bucket whose {@code metadata.<field>} is {@code value}, through the store's own SQL
   * write function (so it is logged as a change, as any write), then wakes the server's watch hub.
   */
  private static void insertBypassingTheApi(TestEnv env, String name, String field, Object value)
      throws Exception {
    ObjectNode bucket = JSON.createObjectNode();
    bucket.put("apiVersion", "s3aas.exordos.io/v1alpha1").put("kind", "Bucket");
    String uid = UUID.randomUUID().toString();
    ObjectNode meta =
        bucket
            .putObject("metadata")
            .put("name", name)
            .put("namespace", "default")
            .put("uid", uid)
            .put("resourceVersion", "~rv~")
            .put("generation", 1)
            .put("creationTimestamp", "2026-12-07T00:00:00Z");
    meta.set(field, JSON.valueToTree(value));
    bucket.putObject("spec").put("instanceRef", "missing").put("deletionPolicy", "Retain");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + TestEnv.PG + "/" + env.db, "postgres", "");
        PreparedStatement st =
            c.prepareStatement(
                "select create_object('s3aas.exordos.io', 'buckets', 'default', ?, ?::uuid, 1,"
                    + " '{}'::jsonb, ?, now())");
        Statement notify = c.createStatement()) {
      st.setString(1, name);
      st.setString(2, uid);
      st.setString(3, JSON.writeValueAsString(bucket));
      st.execute();
      notify.execute("NOTIFY s3aas_changes");
    }
  }
}
