package io.exordos.s3aas.server.http;

import static io.exordos.s3aas.testsupport.ApiClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.exordos.s3aas.server.testing.TestServer;
import io.exordos.s3aas.testsupport.ApiClient;
import io.exordos.s3aas.testsupport.ApiClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Query options the server does not understand are errors that say what is wrong. */
class QueryOptionsTest {
  private static final String SECRETS = "/api/v1/namespaces/default/secrets";

  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.client();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String secret() {
    String name = "q-" + UUID.randomUUID().toString().substring(0, 8);
    Response r = api.post(SECRETS, Map.of("metadata", Map.of("name", name)));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return SECRETS + "/" + name;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void assertAnswer(Response r, int code, String messagePart) {
    assertThat(r.status()).as("%s", r).isEqualTo(code);
    assertThat(r.text("/kind")).isEqualTo("Status");
    assertThat(r.text("/message")).as("%s", r).contains(messagePart);
  }

  @Test
  void readOnlyEndpointsRefuseOtherMethods() {
    for (String path :
        new String[] {
          "/version", "/api", "/api/v1", "/apis", "/apis/s3aas.exordos.io",
          "/apis/s3aas.exordos.io/v1alpha1", "/openapi/v2", "/healthz", "/readyz", "/metrics",
        }) {
      assertAnswer(api.send("PUT", path, JSON, "{}"), 405, "PUT is not allowed on " + path);
      assertThat(api.get(path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void aBogusPropagationPolicyDeletesNothing() {
    String item = secret();
    assertAnswer(
        api.send("DELETE", item + "?propagationPolicy=Bogus", null, null),
        422,
        "propagationPolicy");
    assertAnswer(
        api.send("DELETE", item, JSON, "{\"propagationPolicy\":\"Bogus\"}"),
        422,
        "propagationPolicy");
    assertAnswer(
        api.send("DELETE", item, JSON, "{\"gracePeriodSeconds\":\"x\"}"),
        422,
        "gracePeriodSeconds");
    assertThat(api.get(item).status()).as("still there").isEqualTo(200);
    assertThat(api.send("DELETE", item + "?propagationPolicy=Foreground", null, null).status())
        .isEqualTo(200);
  }

  @Test
  void resourceVersionsAreRevisionsAndMatchIsChecked() {
    assertAnswer(api.get(SECRETS + "?resourceVersion=abc"), 400, "resourceVersion");
    assertAnswer(api.get(secret() + "?resourceVersion=abc"), 400, "resourceVersion");
    assertAnswer(
        api.get(SECRETS + "?resourceVersion=1&resourceVersionMatch=Bogus"),
        422,
        "resourceVersionMatch");
    assertAnswer(
        api.get(SECRETS + "?resourceVersionMatch=NotOlderThan"), 422, "unless resourceVersion");
    assertAnswer(
        api.get(SECRETS + "?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan"),
        422,
        "forbidden for watch");
    assertThat(api.get(SECRETS + "?resourceVersion=0&resourceVersionMatch=NotOlderThan").status())
        .isEqualTo(200);
  }

  @Test
  void aRevisionFromTheFutureIsTooLarge() {
    String future = "900000000000";
    Response watch = api.get(SECRETS + "?watch=true&resourceVersion=" + future);
    assertAnswer(watch, 504, "Too large resource version");
    assertThat(watch.json().at("/details/causes/0/reason").asText())
        .isEqualTo("ResourceVersionTooLarge");
    assertAnswer(
        api.get(SECRETS + "?resourceVersion=" + future), 504, "Too large resource version");
  }

  @Test
  void selectorsAndTimeoutsHaveTheirSyntax() {
    assertAnswer(api.get(SECRETS + "?labelSelector=" + q("a in ()")), 400, "can't be empty");
    assertAnswer(api.get(SECRETS + "?labelSelector=" + q("a b=c")), 400, "label selector");
    assertAnswer(api.get(SECRETS + "?labelSelector=" + q("a=-x")), 400, "label value");
    assertAnswer(api.get(SECRETS + "?fieldSelector=" + q("spec.x=1")), 400, "field label");
    assertAnswer(api.get(SECRETS + "?watch=true&timeoutSeconds=abc"), 400, "timeoutSeconds");
    assertThat(api.get(SECRETS + "?labelSelector=" + q("a in (x, y),!b,c=d")).status())
        .isEqualTo(200);
  }
}
