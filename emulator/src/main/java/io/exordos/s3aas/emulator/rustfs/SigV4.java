package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 verification, the way an S3 server does it: from the Authorization header
 * or from a presigned query, for service {@code s3} in one region. The canonical request is rebuilt
 * from what the server received, so any difference in what the client signed shows as
 * SignatureDoesNotMatch, exactly like a real server.
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  public static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

  /**
   * The outcome of a verified request: who signed it, and what is needed to check the payload.
   * Never compared, hashed or used as a key, so the array component's identity-based
   * equals/hashCode do not matter.
   */
  @SuppressWarnings("ArrayRecordComponent") // signingKey is only handed on to the chunk HMACs
  public record Verified(
      String accessKey,
      String payloadHash,
      String amzDate,
      String scope,
      byte[] signingKey,
      String signature,
      boolean presigned) {}

  private SigV4() {}

  /** True when the request carries SigV4 credentials at all (header or presigned query). */
  public static boolean isSigned(HttpRequestView req) {
    return req.header("authorization").isPresent()
        || req.hasQuery("X-Amz-Algorithm")
        || req.hasQuery("X-Amz-Credential");
  }

  /**
   * Verifies the signature of {@code req}. {@code secrets} maps an access key to its secret key, or
   * to empty when the key is unknown. Throws the S3 error a real server would return.
   */
  public static Verified verify(
      HttpRequestView req, Function<String, Optional<String>> secrets, String region, Clock clock) {
    return req.header("authorization").isPresent()
        ? verifyHeader(req, secrets, region, clock)
        : verifyPresigned(req, secrets, region, clock);
  }

  private static Verified verifyHeader(
      HttpRequestView req, Function<String, Optional<String>> secrets, String region, Clock clock) {
    String auth = req.header("authorization").orElseThrow().trim();
    if (!auth.startsWith(ALGORITHM + " ")) {
      if (auth.startsWith("AWS ")) {
        throw new S3Exception(
            400,
            "InvalidRequest",
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
      }
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "The authorization header is malformed; the authorization mechanism is unsupported.");
    }
    Map<String, String> parts = new TreeMap<>();
    for (String part : auth.substring(ALGORITHM.length()).split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "The authorization header is malformed; it must hold Credential, SignedHeaders and Signature.");
    }
    String amzDate =
        req.header("x-amz-date")
            .orElseThrow(
                () ->
                    new S3Exception(
                        403,
                        "AccessDenied",
                        "AWS authentication requires a valid Date or x-amz-date header"));
    String payloadHash =
        req.header("x-amz-content-sha256")
            .orElseThrow(
                () ->
                    new S3Exception(
                        400,
                        "InvalidRequest",
                        "Missing required header for this request: x-amz-content-sha256"));
    checkPayloadHashForm(payloadHash);
    Scope scope = Scope.parse(credential, region, false);
    Instant when = parseAmzDate(amzDate);
    if (!amzDate.startsWith(scope.date)) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "The authorization header is malformed; the date in the credential scope does not match x-amz-date.");
    }
    if (Duration.between(when, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw new S3Exception(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time and the server's time is too large.");
    }
    String secret = secrets.apply(scope.accessKey).orElseThrow(S3Exception::invalidAccessKeyId);
    List<String> signed = signedHeaderList(signedHeaders);
    String canonical = canonicalRequest(req, signed, payloadHash, false);
    byte[] key = signingKey(secret, scope.date, scope.region, scope.service);
    String expected = sign(key, stringToSign(amzDate, scope.string(), canonical));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw S3Exception.signatureDoesNotMatch();
    }
    return new Verified(
        scope.accessKey, payloadHash, amzDate, scope.string(), key, signature, false);
  }

  /** X-Amz-Expires as s3s reads it: 0 to 604800 seconds, else AuthorizationQueryParametersError. */
  private static long parseExpires(String text) {
    long expires;
    try {
      // An unsigned parse: a sign is refused even on "-0" (Rust's u32::from_str).
      expires = text.startsWith("-") ? -1 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      expires = -1;
    }
    if (expires < 0 || expires > MAX_PRESIGN_SECONDS) {
      throw new S3Exception(
          400,
          "AuthorizationQueryParametersError",
          "The authorization query parameters that you provided are not valid.");
    }
    return expires;
  }

  private static Verified verifyPresigned(
      HttpRequestView req, Function<String, Optional<String>> secrets, String region, Clock clock) {
    String algorithm = req.queryParam("X-Amz-Algorithm").orElse("");
    if (!ALGORITHM.equals(algorithm)) {
      throw new S3Exception(
          400,
          "AuthorizationQueryParametersError",
          "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    String credential = required(req, "X-Amz-Credential");
    String amzDate = required(req, "X-Amz-Date");
    String expiresText = required(req, "X-Amz-Expires");
    String signedHeaders = required(req, "X-Amz-SignedHeaders");
    String signature = required(req, "X-Amz-Signature");
    Scope scope = Scope.parse(credential, region, true);
    Instant when = parseAmzDate(amzDate);
    // s3s (the S3 layer RustFS is built on) reads X-Amz-Expires as an unsigned 32-bit number of at
    // most 604800 (7 days) and refuses anything else while parsing the presigned query:
    // s3s-project/s3s crates/s3s/src/sig_v4/presigned_url_v4.rs parse_expires and
    // crates/s3s/src/ops/signature.rs v4_check_presigned_url, commit ed70cb0 (the one RustFS pins).
    long expires = parseExpires(expiresText);
    Instant now = clock.instant();
    if (when.minus(MAX_SKEW).isAfter(now)) {
      throw new S3Exception(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time and the server's time is too large.");
    }
    if (now.isAfter(when.plusSeconds(expires))) {
      throw S3Exception.accessDenied("Request has expired");
    }
    String secret = secrets.apply(scope.accessKey).orElseThrow(S3Exception::invalidAccessKeyId);
    List<String> signed = signedHeaderList(signedHeaders);
    // A presigned URL never signs the body.
    String payloadHash = UNSIGNED_PAYLOAD;
    String canonical = canonicalRequest(req, signed, payloadHash, true);
    byte[] key = signingKey(secret, scope.date, scope.region, scope.service);
    String expected = sign(key, stringToSign(amzDate, scope.string(), canonical));
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw S3Exception.signatureDoesNotMatch();
    }
    return new Verified(
        scope.accessKey, payloadHash, amzDate, scope.string(), key, signature, true);
  }

  private static String required(HttpRequestView req, String name) {
    return req.queryParam(name)
        .filter(v -> !v.isEmpty())
        .orElseThrow(
            () ->
                new S3Exception(
                    400,
                    "AuthorizationQueryParametersError",
                    "Query-string authentication requires " + name));
  }

  private static void checkPayloadHashForm(String payloadHash) {
    if (payloadHash.equals(UNSIGNED_PAYLOAD)
        || payloadHash.equals(STREAMING_SIGNED)
        || payloadHash.equals(STREAMING_UNSIGNED_TRAILER)) {
      return;
    }
    if (payloadHash.startsWith("STREAMING-")) {
      throw S3Exception.notImplemented();
    }
    if (!payloadHash.matches("[0-9a-f]{64}")) {
      throw new S3Exception(
          400,
          "InvalidArgument",
          "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
              + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD or a valid sha256 value.");
    }
  }

  private static List<String> signedHeaderList(String signedHeaders) {
    List<String> list = Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
    if (!list.contains("host")) {
      throw new S3Exception(
          400,
          "AuthorizationHeaderMalformed",
          "The authorization header is malformed; SignedHeaders must include host.");
    }
    return list;
  }

  static Instant parseAmzDate(String amzDate) {
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new S3Exception(
          403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
    }
  }

  static String canonicalRequest(
      HttpRequestView req, List<String> signedHeaders, String payloadHash, boolean presigned) {
    StringBuilder sb = new StringBuilder();
    sb.append(req.method()).append('\n');
    sb.append(uriEncode(req.path(), false)).append('\n');
    sb.append(canonicalQuery(req.query(), presigned)).append('\n');
    for (String name : signedHeaders) {
      List<String> values = req.headers().get(name);
      String value =
          values == null ? "" : String.join(",", values.stream().map(SigV4::trimAll).toList());
      sb.append(name).append(':').append(value).append('\n');
    }
    sb.append('\n').append(String.join(";", signedHeaders)).append('\n');
    sb.append(payloadHash);
    return sb.toString();
  }

  private static String canonicalQuery(Map<String, List<String>> query, boolean presigned) {
    List<String> pairs = new ArrayList<>();
    query.forEach(
        (name, values) -> {
          if (presigned && name.equals("X-Amz-Signature")) {
            return;
          }
          for (String value : values) {
            pairs.add(uriEncode(name, true) + "=" + uriEncode(value, true));
          }
        });
    pairs.sort(null);
    return String.join("&", pairs);
  }

  private static String trimAll(String value) {
    return value.trim().replaceAll(" +", " ");
  }

  /**
   * AWS URI encoding: unreserved characters stay, everything else becomes %XX of its UTF-8 bytes.
   */
  public static String uriEncode(String s, boolean encodeSlash) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (c == '/' && !encodeSlash)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM
        + "\n"
        + amzDate
        + "\n"
        + scope
        + "\n"
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  public static String sign(byte[] key, String data) {
    return HexFormat.of().formatHex(hmac(key, data));
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The credential scope {@code AK/yyyymmdd/region/s3/aws4_request}. */
  private record Scope(String accessKey, String date, String region, String service) {
    static Scope parse(String credential, String expectedRegion, boolean presigned) {
      String[] p = credential.split("/", -1);
      String code =
          presigned ? "AuthorizationQueryParametersError" : "AuthorizationHeaderMalformed";
      if (p.length != 5
          || p[0].isEmpty()
          || !p[4].equals("aws4_request")
          || !p[1].matches("\\d{8}")) {
        throw new S3Exception(
            400,
            code,
            "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
      }
      if (!p[2].equals(expectedRegion)) {
        throw new S3Exception(
            400,
            code,
            "The authorization header is malformed; the region '"
                + p[2]
                + "' is wrong; expecting '"
                + expectedRegion
                + "'");
      }
      if (!p[3].equals("s3")) {
        throw new S3Exception(
            400,
            code,
            "The authorization header is malformed; incorrect service \""
                + p[3]
                + "\". This endpoint belongs to \"s3\".");
      }
      return new Scope(p[0], p[1], p[2], p[3]);
    }

    String string() {
      return date + "/" + region + "/" + service + "/aws4_request";
    }
  }
}
