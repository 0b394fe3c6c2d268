package io.exordos.s3aas.emulator.rustfs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A minimal SigV4 client for tests that need raw requests (plain admin JSON, skewed clocks). */
final class TestSigner {
  private TestSigner() {}

  static HttpResponse<String> send(
      RustfsNode node, String ak, String sk, String method, String path, String query, String body)
      throws Exception {
    return send(node, ak, sk, method, path, query, body, Clock.systemUTC());
  }

  static HttpResponse<String> send(
      RustfsNode node,
      String ak,
      String sk,
      String method,
      String path,
      String query,
      String body,
      Clock clock)
      throws Exception {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    return sendBytes(node, ak, sk, method, path, query, payload, clock);
  }

  /** A request with a binary body (e.g. a madmin-encrypted one). */
  static HttpResponse<String> sendBytes(
      RustfsNode node,
      String ak,
      String sk,
      String method,
      String path,
      String query,
      byte[] payload,
      Clock clock)
      throws Exception {
    String amzDate = SigV4.AMZ_DATE.format(clock.instant().atZone(java.time.ZoneOffset.UTC));
    String date = amzDate.substring(0, 8);
    String host = node.host() + ":" + node.port();
    String hash = SigV4.sha256Hex(payload);
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of(host));
    headers.put("x-amz-content-sha256", List.of(hash));
    headers.put("x-amz-date", List.of(amzDate));
    HttpRequestView view = new HttpRequestView(method, path, query, headers, null, 0);
    List<String> signed = List.of("host", "x-amz-content-sha256", "x-amz-date");
    String canonical = SigV4.canonicalRequest(view, signed, hash, false);
    String scope = date + "/us-east-1/s3/aws4_request";
    String signature =
        SigV4.sign(
            SigV4.signingKey(sk, date, "us-east-1", "s3"),
            SigV4.stringToSign(amzDate, scope, canonical));
    String auth =
        SigV4.ALGORITHM
            + " Credential="
            + ak
            + "/"
            + scope
            + ", SignedHeaders="
            + String.join(";", signed)
            + ", Signature="
            + signature;
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(node.endpoint() + path + (query.isEmpty() ? "" : "?" + query)))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(payload))
            .header("x-amz-content-sha256", hash)
            .header("x-amz-date", amzDate)
            .header("Authorization", auth)
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A presigned GET URL for {@code path} valid for {@code expires} seconds (any text, even one a
   * client library would refuse), signed now.
   */
  static URI presignedGet(RustfsNode node, String ak, String sk, String path, String expires) {
    String amzDate =
        SigV4.AMZ_DATE.format(Clock.systemUTC().instant().atZone(java.time.ZoneOffset.UTC));
    String scope = amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request";
    String query =
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            + ak
            + "%2F"
            + scope.replace("/", "%2F")
            + "&X-Amz-Date="
            + amzDate
            + "&X-Amz-Expires="
            + expires
            + "&X-Amz-SignedHeaders=host";
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of(node.host() + ":" + node.port()));
    HttpRequestView view = new HttpRequestView("GET", path, query, headers, null, 0);
    String canonical = SigV4.canonicalRequest(view, List.of("host"), "UNSIGNED-PAYLOAD", true);
    String signature =
        SigV4.sign(
            SigV4.signingKey(sk, amzDate.substring(0, 8), "us-east-1", "s3"),
            SigV4.stringToSign(amzDate, scope, canonical));
    return URI.create(node.endpoint() + path + "?" + query + "&X-Amz-Signature=" + signature);
  }
}
