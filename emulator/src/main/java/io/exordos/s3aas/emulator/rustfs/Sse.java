package io.exordos.s3aas.emulator.rustfs;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Server-side encryption as the API shows it: SSE-S3 and SSE-KMS requested per object or by the
 * bucket's default, SSE-C with a customer key every read must present again. Only the MD5 of a
 * customer key is kept, never the key.
 */
final class Sse {
  private static final String SSE = "x-amz-server-side-encryption";
  private static final String KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";

  private Sse() {}

  /** Applies the SSE headers of a write (or the bucket's default) to a new object. */
  static void applyOnWrite(NodeStore.Bucket b, HttpRequestView http, NodeStore.StoredObject obj) {
    String customerMd5 = customerKeyMd5(http, "");
    String alg = http.header(SSE).orElse(null);
    String kmsKey = http.header(KMS_KEY).orElse(null);
    if (customerMd5 != null) {
      if (alg != null) {
        throw S3Exception.invalidArgument(
            "Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
      }
      obj.sseCustomerKeyMd5 = customerMd5;
      return;
    }
    if (alg == null) {
      if (kmsKey != null) {
        throw S3Exception.invalidArgument(
            "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms");
      }
      obj.sse = b.sseAlgorithm;
      obj.kmsKeyId = b.kmsKeyId;
      return;
    }
    if (!alg.equals("AES256") && !alg.equals("aws:kms")) {
      throw S3Exception.invalidArgument("The encryption method specified is not supported");
    }
    if (alg.equals("AES256") && kmsKey != null) {
      throw S3Exception.invalidArgument("a KMS key id is only allowed with aws:kms");
    }
    if (alg.equals("aws:kms") && kmsKey == null) {
      kmsKey = b.kmsKeyId;
      if (kmsKey == null) {
        throw S3Exception.invalidArgument("Server Side Encryption with KMS requires a key id");
      }
    }
    obj.sse = alg;
    obj.kmsKeyId = alg.equals("aws:kms") ? kmsKey : null;
  }

  /**
   * Checks the customer key of a read of {@code obj} ({@code prefix} "x-amz-copy-source-" for a
   * copy's source): an SSE-C object needs its key, 400 without it or with another key.
   */
  static void checkRead(HttpRequestView http, NodeStore.StoredObject obj, String prefix) {
    String md5 = customerKeyMd5(http, prefix);
    if (obj.sseCustomerKeyMd5 == null) {
      if (md5 != null) {
        throw S3Exception.invalidRequest(
            "The encryption parameters are not applicable to this object.");
      }
      if (prefix.isEmpty() && http.header(SSE).isPresent()) {
        throw S3Exception.invalidArgument(
            "x-amz-server-side-encryption header is not supported for this operation.");
      }
      return;
    }
    if (md5 == null) {
      throw S3Exception.invalidRequest(
          "The object was stored using a form of Server Side Encryption. "
              + "The correct parameters must be provided to retrieve the object.");
    }
    if (!md5.equals(obj.sseCustomerKeyMd5)) {
      throw new S3Exception(
          400,
          "InvalidArgument",
          "The provided encryption parameters did not match the ones used originally.");
    }
  }

  /** The SSE headers GET, HEAD and PUT answers show. */
  static void echo(NodeStore.StoredObject obj, Reply reply) {
    reply.header(SSE, obj.sse).header(KMS_KEY, obj.kmsKeyId);
    if (obj.sseCustomerKeyMd5 != null) {
      reply
          .header("x-amz-server-side-encryption-customer-algorithm", "AES256")
          .header("x-amz-server-side-encryption-customer-key-MD5", obj.sseCustomerKeyMd5);
    }
  }

  /** The validated MD5 of the SSE-C key a request sends, null when it sends none. */
  private static @Nullable String customerKeyMd5(HttpRequestView http, String prefix) {
    String base = prefix.isEmpty() ? "x-amz-" : prefix;
    String alg = http.header(base + "server-side-encryption-customer-algorithm").orElse(null);
    String key = http.header(base + "server-side-encryption-customer-key").orElse(null);
    String md5 = http.header(base + "server-side-encryption-customer-key-md5").orElse(null);
    if (alg == null && key == null && md5 == null) {
      return null;
    }
    if (!"AES256".equals(alg)) {
      throw S3Exception.invalidArgument(
          "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
    }
    byte[] raw;
    try {
      raw = key == null ? new byte[0] : Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      throw S3Exception.invalidArgument("The secret key was invalid for the specified algorithm.");
    }
    String actual = S3Context.base64Md5(raw);
    if (md5 == null || !md5.equals(actual)) {
      throw S3Exception.invalidArgument(
          "The calculated MD5 hash of the key did not match the hash that was provided.");
    }
    return actual;
  }
}
