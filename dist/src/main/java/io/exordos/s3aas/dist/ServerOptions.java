package io.exordos.s3aas.dist;

import io.exordos.s3aas.server.ServerConfig;
import io.exordos.s3aas.server.db.DatabaseOptions;
import io.exordos.s3aas.server.iam.IamConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code up} and {@code server}; each has an environment variable too. */
final class ServerOptions {
  @Option(
      names = "--port",
      defaultValue = "${env:S3AAS_PORT:-8080}",
      description = "API port (env S3AAS_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "${env:S3AAS_BIND:-127.0.0.1}",
      description = "Address to listen on (env S3AAS_BIND, default ${DEFAULT-VALUE}).")
  String bind;

  @Mixin DatabaseOptions db = new DatabaseOptions();

  @Option(
      names = "--secret-key",
      defaultValue = "${env:S3AAS_SECRET_KEY}",
      description =
          "Base64 AES-256 key for Secrets at rest (env S3AAS_SECRET_KEY); default: S3AAS_HOME/secret.key, created on first start.")
  @Nullable String secretKey;

  @Option(
      names = "--change-retention",
      defaultValue = "${env:S3AAS_CHANGE_RETENTION:-PT15M}",
      description = "How long watches can resume (ISO-8601 duration, default ${DEFAULT-VALUE}).")
  Duration changeRetention;

  @Option(
      names = "--tls",
      negatable = true,
      defaultValue = "${env:S3AAS_TLS:-true}",
      fallbackValue = "true",
      description =
          "Serve HTTPS with a self-signed identity kept in S3AAS_HOME (default); --no-tls for plain HTTP behind a TLS proxy.")
  boolean tls;

  @Option(
      names = "--iam",
      defaultValue = "${env:S3AAS_IAM:-local}",
      description =
          "How tokens are validated: local (tokens from `s3aas token create`, default) or exordos (introspection against Exordos Core IAM).")
  String iam;

  @Option(
      names = "--exordos-url",
      defaultValue = "${env:S3AAS_EXORDOS_URL}",
      description = "Exordos Core base URL for --iam exordos (env S3AAS_EXORDOS_URL).")
  @Nullable String exordosUrl;

  @Option(
      names = "--exordos-client",
      defaultValue = "${env:S3AAS_EXORDOS_CLIENT:-default}",
      description =
          "Exordos IAM client for --iam exordos (env S3AAS_EXORDOS_CLIENT, default ${DEFAULT-VALUE}).")
  String exordosClient;

  @Option(
      names = "--versions",
      defaultValue = "${env:S3AAS_VERSIONS}",
      description =
          "Versions catalog file (version -> data-plane image), env S3AAS_VERSIONS; default: the built-in catalog.")
  java.nio.file.@Nullable Path versions;

  ServerConfig toConfig(Home home, String token) {
    ServerConfig config =
        new ServerConfig(
            bind,
            port,
            db.url,
            db.user,
            db.password,
            home.dir(),
            token,
            secretKey,
            changeRetention,
            Duration.ofHours(1),
            16,
            tls);
    config =
        config.withIam(
            switch (iam) {
              case "local" -> IamConfig.LOCAL;
              case "exordos" -> {
                if (exordosUrl == null || exordosUrl.isBlank()) {
                  throw new picocli.CommandLine.ParameterException(
                      new picocli.CommandLine(this),
                      "--iam exordos needs --exordos-url (or S3AAS_EXORDOS_URL)");
                }
                yield IamConfig.exordos(exordosUrl, exordosClient);
              }
              default ->
                  throw new IllegalArgumentException("--iam must be local or exordos, not " + iam);
            });
    return versions == null ? config : config.withVersionsCatalog(versions);
  }
}
