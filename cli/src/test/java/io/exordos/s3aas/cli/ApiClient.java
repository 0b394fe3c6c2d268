package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The test's own client of the resource API: it plays the operator (status, Secrets, Events).
 * Requests go through the shared {@link io.exordos.s3aas.testsupport.ApiClient}; this adds the
 * paths of the default namespace and fails the test on any refusal.
 */
final class ApiClient {
  static final ObjectMapper JSON = io.exordos.s3aas.testsupport.ApiClient.mapper();
  private final io.exordos.s3aas.testsupport.ApiClient http;

  ApiClient(String url, String token, String caPem) {
    this.http = new io.exordos.s3aas.testsupport.ApiClient(url, token, caPem);
  }

  static String path(String plural, String name) {
    String base =
        switch (plural) {
          case "secrets", "events" -> "/api/v1/namespaces/default/" + plural;
          default -> "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/" + plural;
        };
    return name == null ? base : base + "/" + name;
  }

  JsonNode send(String method, String path, String contentType, String body) {
    io.exordos.s3aas.testsupport.ApiClient.Response r = http.send(method, path, contentType, body);
    if (r.status() >= 300) {
      throw new AssertionError(method + " " + path + " → " + r.status() + ": " + r.body());
    }
    return r.json();
  }

  JsonNode get(String plural, String name) {
    return send("GET", path(plural, name), null, null);
  }

  boolean exists(String plural, String name) {
    return http.get(path(plural, name)).status() == 200;
  }

  /** Merge-patches the status subresource, as the operator would. */
  JsonNode patchStatus(String plural, String name, String statusJson) {
    return send(
        "PATCH",
        path(plural, name) + "/status",
        "application/merge-patch+json",
        "{\"status\":" + statusJson + "}");
  }

  JsonNode patch(String plural, String name, String json) {
    return send("PATCH", path(plural, name), "application/merge-patch+json", json);
  }

  JsonNode create(String plural, String json) {
    return send("POST", path(plural, null), "application/json", json);
  }
}
