package io.exordos.s3aas.functional;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the suite runs: the seed README's environment variables (a live Exordos Core with s3aas
 * installed), or, when none of them is set, a local stack started here from output/bin/s3aas
 * ({@link LocalStack}: the Core emulator, {@code s3aas server --iam exordos}, {@code s3aas operator
 * --provisioner exordos}). The tests see the same variables either way.
 *
 * <table>
 * <caption>variables</caption>
 * <tr><td>EXORDOS_ENDPOINT</td><td>Core user API base, e.g. http://10.20.0.2/api/core (the LB resolves client "default")</td></tr>
 * <tr><td>EXORDOS_USERNAME, EXORDOS_PASSWORD</td><td>Core admin: only used to see the instance's nodes in Core</td></tr>
 * <tr><td>METAPAAS_USERNAME, METAPAAS_PASSWORD</td><td>the caller of the s3 API (owner in the MetaPaaS project)</td></tr>
 * <tr><td>EXORDOS_S3_CP_URL</td><td>where /v1/types/s3/ is served (http://&lt;s3aas-cp&gt;:8080, or the Core LB)</td></tr>
 * <tr><td>S3AAS_API_URL (optional)</td><td>the Kubernetes-style API base; default EXORDOS_S3_CP_URL (via the LB: http://&lt;core&gt;/api/s3aas)</td></tr>
 * <tr><td>METAPAAS_PROJECT_ID (optional)</td><td>the token scope; default 4d657461-0000-0000-0000-000000000002</td></tr>
 * <tr><td>EXORDOS_IAM_CLIENT (optional)</td><td>IAM client of get_token; default "default"</td></tr>
 * <tr><td>FUNCTIONAL_TIMEOUT (optional)</td><td>seconds to wait for ACTIVE / deletion; default 600</td></tr>
 * </table>
 */
final class FunctionalEnv implements AutoCloseable {
  static final String METAPAAS_PROJECT = "4d657461-0000-0000-0000-000000000002";
  static final List<String> SEED_VARIABLES =
      List.of(
          "EXORDOS_ENDPOINT",
          "EXORDOS_USERNAME",
          "EXORDOS_PASSWORD",
          "METAPAAS_USERNAME",
          "METAPAAS_PASSWORD",
          "EXORDOS_S3_CP_URL");

  final String exordosEndpoint;
  final String exordosUser;
  final String exordosPassword;
  final String metapaasUser;
  final String metapaasPassword;
  final String cpUrl;
  final String apiUrl;
  final String project;
  final String iamClient;
  final Duration timeout;
  private final LocalStack stack;

  private FunctionalEnv(Map<String, String> v, LocalStack stack) {
    this.exordosEndpoint = strip(v.get("EXORDOS_ENDPOINT"));
    this.exordosUser = v.get("EXORDOS_USERNAME");
    this.exordosPassword = v.get("EXORDOS_PASSWORD");
    this.metapaasUser = v.get("METAPAAS_USERNAME");
    this.metapaasPassword = v.get("METAPAAS_PASSWORD");
    this.cpUrl = strip(v.get("EXORDOS_S3_CP_URL"));
    this.apiUrl =
        strip(
            nonBlank(v.get("S3AAS_API_URL")) ? v.get("S3AAS_API_URL") : v.get("EXORDOS_S3_CP_URL"));
    this.project =
        nonBlank(v.get("METAPAAS_PROJECT_ID")) ? v.get("METAPAAS_PROJECT_ID") : METAPAAS_PROJECT;
    this.iamClient =
        nonBlank(v.get("EXORDOS_IAM_CLIENT")) ? v.get("EXORDOS_IAM_CLIENT") : "default";
    this.timeout =
        Duration.ofSeconds(
            Long.parseLong(
                nonBlank(v.get("FUNCTIONAL_TIMEOUT")) ? v.get("FUNCTIONAL_TIMEOUT") : "600"));
    this.stack = stack;
  }

  /**
   * From the process environment; starts the local stack when no seed variable is set, refuses a
   * partial set.
   */
  static FunctionalEnv create() {
    Map<String, String> env = System.getenv();
    List<String> set = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : SEED_VARIABLES) {
      (nonBlank(env.get(name)) ? set : missing).add(name);
    }
    if (set.isEmpty()) {
      LocalStack stack =
          LocalStack.start(
              Path.of(System.getProperty("functional.s3aas", "output/bin/s3aas")),
              Path.of(System.getProperty("functional.workdir", "target/functional-local")));
      Map<String, String> v = new java.util.HashMap<>(env);
      v.putAll(stack.variables());
      System.out.println(
          "functional: local stack "
              + stack.variables().get("EXORDOS_S3_CP_URL")
              + " (Core emulator "
              + stack.variables().get("EXORDOS_ENDPOINT")
              + ")");
      return new FunctionalEnv(v, stack);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "functional: set all of "
              + SEED_VARIABLES
              + " (or none, for the local stack); missing: "
              + missing);
    }
    System.out.println(
        "functional: live system "
            + env.get("EXORDOS_S3_CP_URL")
            + " (Core "
            + env.get("EXORDOS_ENDPOINT")
            + ")");
    return new FunctionalEnv(env, null);
  }

  boolean local() {
    return stack != null;
  }

  /**
   * A Core IAM token of the MetaPaaS user, scoped to the MetaPaaS project (seed README, IAM model).
   */
  String metapaasToken() {
    return Http.coreToken(
        exordosEndpoint, iamClient, metapaasUser, metapaasPassword, "project:" + project);
  }

  /**
   * A Core IAM token of the admin, scoped to the MetaPaaS project (where data-plane nodes live).
   */
  String adminToken() {
    return Http.coreToken(
        exordosEndpoint, iamClient, exordosUser, exordosPassword, "project:" + project);
  }

  Http facade(String token) {
    return new Http(cpUrl, token);
  }

  Http resourceApi(String token) {
    return new Http(apiUrl, token);
  }

  Http core(String token) {
    return new Http(exordosEndpoint, token);
  }

  /** Tail of the local stack's logs, for failure messages (empty against a live system). */
  String logs() {
    return stack == null ? "" : stack.logTails();
  }

  @Override
  public void close() {
    if (stack != null) {
      stack.close();
    }
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static String strip(String s) {
    return s == null ? null : s.replaceAll("/+$", "");
  }
}
