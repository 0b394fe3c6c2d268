package io.exordos.s3aas.cli;

import io.exordos.s3aas.server.S3aasServer;
import io.exordos.s3aas.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.UUID;

/**
 * An in-process s3aas API server on its own PostgreSQL database (created on 127.0.0.1:5432 and
 * dropped on close), with a kubeconfig like the one {@code s3aas up} writes.
 */
final class TestServer implements AutoCloseable {
  static final String TOKEN = "s3ctl-test-token-0123456789abcdef";
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  final Path home;
  final String database;
  final S3aasServer server;
  final Path kubeconfig;

  TestServer(Path home) throws Exception {
    this.home = home;
    this.database = "s3aas_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    this.server =
        S3aasServer.start(
            ServerConfig.defaults(home.resolve("server"), TOKEN)
                .withPort(0)
                .withDatabase("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", ""));
    this.kubeconfig = home.resolve("kubeconfig");
    writeKubeconfig(kubeconfig, TOKEN);
  }

  String url() {
    return server.url();
  }

  void writeKubeconfig(Path file, String token) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: s3aas",
            "  cluster:",
            "    server: " + server.url(),
            "    certificate-authority-data: "
                + Base64.getEncoder()
                    .encodeToString(server.caCertificatePem().getBytes(StandardCharsets.UTF_8)),
            "users:",
            "- name: s3aas-admin",
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: s3aas",
            "  context:",
            "    cluster: s3aas",
            "    user: s3aas-admin",
            "    namespace: default",
            "current-context: s3aas",
            ""));
  }

  @Override
  public void close() throws SQLException {
    server.close();
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** For manual runs: starts a server, writes $S3AAS_HOME/kubeconfig, waits for Enter. */
  public static void main(String[] args) throws Exception {
    Path home =
        Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir") + "/s3ctl-dev");
    Files.createDirectories(home);
    TestServer s = new TestServer(home);
    Thread stop =
        new Thread(
            () -> {
              try {
                s.close(); // drops the database, also on SIGTERM
              } catch (Exception e) {
                throw new IllegalStateException("could not close the test server", e);
              }
            });
    Runtime.getRuntime().addShutdownHook(stop);
    System.out.println("READY " + s.url() + " " + s.kubeconfig);
    System.out.flush();
    System.in.read();
    Runtime.getRuntime().removeShutdownHook(stop);
    s.close();
  }
}
