package io.exordos.s3aas.server.iam;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How project members' tokens are validated.
 *
 * @param mode {@code local} (tokens made by {@code s3aas token create}, stored hashed in
 *     PostgreSQL) or {@code exordos} (introspection against Exordos Core IAM)
 * @param exordosUrl Core user API base for {@code exordos}, e.g. {@code http://10.20.0.2/api/core}
 * @param exordosClient IAM client UUID for the introspection path ({@code default} works through
 *     the Core load balancer only)
 * @param cacheTtl how long a successful introspection is trusted before asking Core again
 */
public record IamConfig(
    String mode, @Nullable String exordosUrl, String exordosClient, Duration cacheTtl) {
  public static final IamConfig LOCAL =
      new IamConfig("local", null, "default", Duration.ofSeconds(30));

  public static IamConfig exordos(String url, @Nullable String client) {
    return new IamConfig(
        "exordos", url, client == null ? "default" : client, Duration.ofSeconds(30));
  }

  public IamConfig {
    if (!"local".equals(mode) && !"exordos".equals(mode)) {
      throw new IllegalArgumentException(
          "the IAM mode must be local or exordos, not \"" + mode + "\"");
    }
    if ("exordos".equals(mode) && (exordosUrl == null || exordosUrl.isBlank())) {
      throw new IllegalArgumentException("IAM mode exordos needs the Exordos Core URL");
    }
  }
}
