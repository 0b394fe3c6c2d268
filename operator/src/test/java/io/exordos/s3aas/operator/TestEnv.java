package io.exordos.s3aas.operator;

import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A test's own world: a database on the local PostgreSQL (created here, dropped on close), an s3aas
 * API server on it over HTTPS, and a fabric8 client for the test driver.
 */
final class TestEnv implements AutoCloseable {
  static final String PG = System.getProperty("s3aas.test.pg", "127.0.0.1:5432");

  final String db;
  final Path home;
  final String token = "operator-test-" + UUID.randomUUID();
  final S3aasServer server;
  final KubernetesClient client;

  TestEnv() {
    db = "s3aas_op_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE DATABASE " + db);
    try {
      home = Files.createTempDirectory("s3aas-op-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server =
        S3aasServer.start(
            ServerConfig.defaults(home, token)
                .withPort(0)
                .withDatabase("jdbc:postgresql://" + PG + "/" + db, "postgres", ""));
    client = S3aasOperator.client(config());
  }

  OperatorConfig config() {
    return OperatorConfig.forServer(
        server.url(), token, server.caCertificatePem(), EmulatedNodes.local(home.resolve("nodes")));
  }

  void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static void sql(String statement) {
    try (Connection c =
            DriverManager.getConnection("jdbc:postgresql://" + PG + "/postgres", "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (Exception e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files: best effort
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
    sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    deleteTree(home);
  }
}
