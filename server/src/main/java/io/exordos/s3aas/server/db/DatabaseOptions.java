package io.exordos.s3aas.server.db;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The command-line options that name the server's PostgreSQL, each with its environment variable:
 * one picocli mixin for every command that opens it ({@code s3aas server}, {@code up}, {@code
 * token}), so they read and default the same everywhere.
 */
public final class DatabaseOptions {
  @Option(
      names = "--db-url",
      defaultValue = "${env:S3AAS_DB_URL}",
      description =
          "JDBC URL of the server's external PostgreSQL (env S3AAS_DB_URL); without it, the embedded PostgreSQL under S3AAS_HOME.")
  public @Nullable String url;

  @Option(
      names = "--db-user",
      defaultValue = "${env:S3AAS_DB_USER:-postgres}",
      description = "Database user (env S3AAS_DB_USER).")
  public String user = "postgres";

  @Option(
      names = "--db-password",
      defaultValue = "${env:S3AAS_DB_PASSWORD:-}",
      description = "Database password (env S3AAS_DB_PASSWORD).")
  public String password = "";
}
