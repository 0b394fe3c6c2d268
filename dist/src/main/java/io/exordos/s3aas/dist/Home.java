package io.exordos.s3aas.dist;

import io.exordos.s3aas.server.iam.LocalTokens;
import io.exordos.s3aas.server.iam.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The state directory ({@code S3AAS_HOME}, default {@code ~/.s3aas}): database, keys, the admin
 * token and the kubeconfig that kubectl and s3ctl use. Every file that holds a secret is 0600.
 */
final class Home {
  private final Path dir;

  Home(Path dir) {
    this.dir = dir;
  }

  static Home fromEnvironment() {
    String env = System.getenv("S3AAS_HOME");
    Path dir =
        env != null && !env.isBlank()
            ? Paths.get(env)
            : Paths.get(System.getProperty("user.home"), ".s3aas");
    return new Home(dir.toAbsolutePath());
  }

  Path dir() {
    return dir;
  }

  /** The admin token, generated on first use and kept, so restarts keep working kubeconfigs. */
  String adminToken() {
    Path file = dir.resolve("admin-token");
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        writePrivate(file, HexFormat.of().formatHex(random) + "\n");
      }
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  /**
   * Writes a kubeconfig pointing at {@code serverUrl}. Its current context uses the owner token of
   * the {@code default} project; a second context, {@code s3aas-admin}, holds the cluster admin
   * token (what the operator uses).
   */
  Path writeKubeconfig(
      String serverUrl, String ownerToken, String adminToken, @Nullable String caPem) {
    Path file = dir.resolve("kubeconfig");
    String config =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: s3aas",
            "  cluster:",
            "    server: " + serverUrl,
            caPem == null
                ? ""
                : "    certificate-authority-data: "
                    + java.util.Base64.getEncoder()
                        .encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "users:",
            "- name: default-owner",
            "  user:",
            "    token: " + ownerToken,
            "- name: s3aas-admin",
            "  user:",
            "    token: " + adminToken,
            "contexts:",
            "- name: s3aas",
            "  context:",
            "    cluster: s3aas",
            "    user: default-owner",
            "    namespace: default",
            "- name: s3aas-admin",
            "  context:",
            "    cluster: s3aas",
            "    user: s3aas-admin",
            "    namespace: default",
            "current-context: s3aas",
            "");
    writePrivate(file, config);
    return file;
  }

  /** The owner token of project {@code default}, created once and reused while it is valid. */
  String ownerToken(LocalTokens tokens) {
    Path file = dir.resolve("owner-token");
    try {
      if (Files.exists(file)) {
        String existing = Files.readString(file).trim();
        if (tokens.isValid(existing)) {
          return existing;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String token = tokens.create("default", Role.OWNER, "make run", null).token();
    writePrivate(file, token + "\n");
    return token;
  }

  static void writePrivate(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
