package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The test's own client of the resource API: it plays the operator (status, Secrets, Events). */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final String url;
  private final String token;
  private final HttpClient http;

  ApiClient(String url, String token, String caPem) throws Exception {
    this.url = url;
    this.token = token;
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    this.http =
        HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
  }

  static String path(String plural, String name) {
    String base =
        switch (plural) {
          case "secrets", "events" -> "/api/v1/namespaces/default/" + plural;
          default -> "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/" + plural;
        };
    return name == null ? base : base + "/" + name;
  }

  JsonNode send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", contentType);
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new AssertionError(method + " " + path + " → " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  JsonNode get(String plural, String name) throws Exception {
    return send("GET", path(plural, name), null, null);
  }

  boolean exists(String plural, String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path(plural, name)))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200;
  }

  /** Merge-patches the status subresource, as the operator would. */
  JsonNode patchStatus(String plural, String name, String statusJson) throws Exception {
    return send(
        "PATCH",
        path(plural, name) + "/status",
        "application/merge-patch+json",
        "{\"status\":" + statusJson + "}");
  }

  JsonNode patch(String plural, String name, String json) throws Exception {
    return send("PATCH", path(plural, name), "application/merge-patch+json", json);
  }

  JsonNode create(String plural, String json) throws Exception {
    return send("POST", path(plural, null), "application/json", json);
  }
}
