package io.exordos.s3aas.emulator.rustfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Browser form uploads: a POST to the bucket with a multipart/form-data body whose signed policy
 * (SigV4 {@code x-amz-signature} or SigV2 {@code signature}) allows the form's fields; without a
 * policy the bucket's ACL or policy must let anyone write.
 */
final class PostUploadApi {
  private final S3Context ctx;
  private final ObjectApi objects;
  private final SecretLookup secrets;

  /** Finds the secret key of an access key (root or IAM user). */
  interface SecretLookup {
    Optional<String> secretOf(String accessKey);
  }

  PostUploadApi(S3Context ctx, ObjectApi objects, SecretLookup secrets) {
    this.ctx = ctx;
    this.objects = objects;
    this.secrets = secrets;
  }

  Reply upload(S3Api.Request r, String bucket) {
    String type = r.http().header("content-type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw S3Exception.invalidRequest("POST requires a multipart/form-data body");
    }
    FormData form = FormData.parse(r.http().body(), boundary(type));
    Map<String, String> fields = form.fields();
    byte[] file = form.file();
    if (file == null) {
      throw S3Exception.invalidArgument("POST requires exactly one file upload per request.");
    }
    String key = fields.get("key");
    if (key == null || key.isEmpty()) {
      throw S3Exception.invalidArgument("Bucket POST must contain a field named 'key'.");
    }
    key = key.replace("${filename}", form.filename() == null ? "" : form.filename());
    fields.put("key", key);
    fields.put("bucket", bucket);
    Caller caller = Caller.ANONYMOUS;
    String policy = fields.get("policy");
    if (policy != null) {
      caller = verifySignature(fields, policy);
      PostPolicy.check(policy, fields, file.length, ctx.clock.instant());
    }
    ctx.access.authorize(caller, "s3:PutObject", bucket, key);
    ObjectApi.checkKey(bucket, key);

    // The form's fields stand in for the headers of a PUT.
    Map<String, List<String>> headers = new TreeMap<>();
    fields.forEach(
        (name, value) -> {
          if (name.startsWith("x-amz-")
              || ObjectHeaders.STORED.contains(name)
              || name.equals("content-type")) {
            headers.put(name, List.of(value));
          }
        });
    if (fields.containsKey("acl")) {
      headers.put("x-amz-acl", List.of(fields.get("acl")));
    }
    HttpRequestView view =
        new HttpRequestView(
            "PUT", "/" + bucket + "/" + key, "", headers, java.io.InputStream.nullInputStream(), 0);
    S3Api.Request put = new S3Api.Request(view, null, caller);
    NodeStore.StoredObject obj = ObjectHeaders.settings(put);
    if (fields.containsKey("tagging")) {
      obj.tags =
          new LinkedHashMap<>(
              Tags.parse(fields.get("tagging").getBytes(StandardCharsets.UTF_8), 10));
    }
    obj.etag = S3Context.hexMd5(file);
    Reply stored = objects.commit(put, bucket, key, obj, file);
    return answer(fields, bucket, key, obj.etag, stored);
  }

  private Reply answer(
      Map<String, String> fields, String bucket, String key, String etag, Reply stored) {
    String redirect = fields.get("success_action_redirect");
    if (redirect != null && !redirect.isEmpty()) {
      String location =
          redirect
              + (redirect.contains("?") ? "&" : "?")
              + "bucket="
              + SigV4.uriEncode(bucket, true)
              + "&key="
              + SigV4.uriEncode(key, true)
              + "&etag=%22"
              + etag
              + "%22";
      return new Reply(303, null).header("Location", location).header("ETag", "\"" + etag + "\"");
    }
    String status = fields.getOrDefault("success_action_status", "204");
    Reply reply =
        switch (status) {
          case "200" -> Reply.ok();
          case "201" ->
              new Reply(
                      201,
                      new Xml()
                          .open("PostResponse")
                          .el("Location", "/" + bucket + "/" + key)
                          .el("Bucket", bucket)
                          .el("Key", key)
                          .el("ETag", "\"" + etag + "\"")
                          .close("PostResponse")
                          .bytes())
                  .header("Content-Type", "application/xml");
          default -> Reply.noContent();
        };
    stored.headers.forEach(reply::header);
    return reply;
  }

  /** The caller the form's signature proves; 403 when it does not match, 400 when missing. */
  private Caller verifySignature(Map<String, String> fields, String policy) {
    String credential = fields.get("x-amz-credential");
    String accessKey;
    String expected;
    String given;
    if (credential != null) {
      String[] scope = credential.split("/", -1);
      if (scope.length != 5 || fields.get("x-amz-signature") == null) {
        throw S3Exception.invalidArgument("Invalid x-amz-credential or missing x-amz-signature");
      }
      accessKey = scope[0];
      String secret = secrets.secretOf(accessKey).orElseThrow(S3Exception::invalidAccessKeyId);
      expected = SigV4.sign(SigV4.signingKey(secret, scope[1], scope[2], scope[3]), policy);
      given = fields.get("x-amz-signature");
    } else {
      accessKey = fields.get("awsaccesskeyid");
      given = fields.get("signature");
      if (accessKey == null || given == null) {
        throw S3Exception.invalidArgument(
            "Bucket POST must contain a signature and an access key id with a policy");
      }
      String secret = secrets.secretOf(accessKey).orElseThrow(S3Exception::invalidAccessKeyId);
      try {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        expected =
            Base64.getEncoder()
                .encodeToString(mac.doFinal(policy.getBytes(StandardCharsets.UTF_8)));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!java.security.MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      throw S3Exception.signatureDoesNotMatch();
    }
    return new Caller(accessKey, accessKey.equals(ctx.rootUser));
  }

  private static String boundary(String contentType) {
    for (String part : contentType.split(";", -1)) {
      String p = part.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length());
        return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
      }
    }
    throw S3Exception.invalidRequest("multipart/form-data without a boundary");
  }

  /** The fields (by lower-case name) before the file, the file's bytes and its filename. */
  static final class FormData {
    private final Map<String, String> fields;
    private final byte @Nullable [] file;
    private final @Nullable String filename;

    FormData(Map<String, String> fields, byte @Nullable [] file, @Nullable String filename) {
      this.fields = fields;
      this.file = file;
      this.filename = filename;
    }

    Map<String, String> fields() {
      return fields;
    }

    byte @Nullable [] file() {
      return file;
    }

    @Nullable String filename() {
      return filename;
    }

    static FormData parse(byte[] body, String boundary) {
      byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      Map<String, String> fields = new LinkedHashMap<>();
      List<Integer> starts = new ArrayList<>();
      for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + 1)) {
        starts.add(i);
      }
      for (int n = 0; n + 1 < starts.size(); n++) {
        int from = starts.get(n) + delimiter.length + 2; // past the CRLF
        int end = starts.get(n + 1) - 2; // before the CRLF
        int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
        if (headerEnd < 0 || headerEnd > end) {
          throw S3Exception.malformedXml();
        }
        String head = new String(body, from, headerEnd - from, StandardCharsets.UTF_8);
        byte[] value = Arrays.copyOfRange(body, headerEnd + 4, Math.max(headerEnd + 4, end));
        String name = param(head, "name");
        if (name == null) {
          continue;
        }
        if (name.equalsIgnoreCase("file")) {
          // S3 ignores every field after the file.
          return new FormData(fields, value, param(head, "filename"));
        }
        fields.put(name.toLowerCase(Locale.ROOT), new String(value, StandardCharsets.UTF_8));
      }
      return new FormData(fields, null, null);
    }

    private static @Nullable String param(String head, String name) {
      int i = head.indexOf("; " + name + "=\"");
      if (i < 0) {
        return null;
      }
      int start = i + name.length() + 4;
      int end = head.indexOf('"', start);
      return end < 0 ? null : head.substring(start, end);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
      outer:
      for (int i = from; i <= data.length - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (data[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
