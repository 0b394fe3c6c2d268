package io.exordos.s3aas.emulator.rustfs;

import org.jspecify.annotations.Nullable;

/**
 * An S3 error as the S3 protocol reports it: an error code, the HTTP status that goes with it and a
 * human message. Thrown anywhere while serving a request; the server renders it as the S3 XML error
 * document.
 */
public final class S3Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private @Nullable String bucket;
  private @Nullable String key;
  private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

  public S3Exception(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public @Nullable String bucket() {
    return bucket;
  }

  public @Nullable String key() {
    return key;
  }

  /** Adds the bucket (and object key) the error is about, which S3 echoes in the error document. */
  public S3Exception on(String bucketName, @Nullable String objectKey) {
    this.bucket = bucketName;
    this.key = objectKey;
    return this;
  }

  /** A header the error answer carries (x-amz-delete-marker on a deleted key, for one). */
  public S3Exception header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public java.util.Map<String, String> headers() {
    return headers;
  }

  // The codes below follow the S3 error code list; statuses are the ones S3 uses for them.

  public static S3Exception accessDenied() {
    return new S3Exception(403, "AccessDenied", "Access Denied.");
  }

  public static S3Exception accessDenied(String message) {
    return new S3Exception(403, "AccessDenied", message);
  }

  public static S3Exception invalidAccessKeyId() {
    return new S3Exception(
        403, "InvalidAccessKeyId", "The Access Key Id you provided does not exist in our records.");
  }

  public static S3Exception signatureDoesNotMatch() {
    return new S3Exception(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
            + "Check your key and signing method.");
  }

  public static S3Exception noSuchBucket(String bucket) {
    return new S3Exception(404, "NoSuchBucket", "The specified bucket does not exist")
        .on(bucket, null);
  }

  public static S3Exception noSuchKey(String bucket, String key) {
    return new S3Exception(404, "NoSuchKey", "The specified key does not exist.").on(bucket, key);
  }

  public static S3Exception malformedXml() {
    return new S3Exception(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema.");
  }

  public static S3Exception invalidArgument(String message) {
    return new S3Exception(400, "InvalidArgument", message);
  }

  public static S3Exception invalidRequest(String message) {
    return new S3Exception(400, "InvalidRequest", message);
  }

  public static S3Exception notImplemented() {
    return new S3Exception(
        501,
        "NotImplemented",
        "A header or query you provided requested a function that is not implemented.");
  }

  public static S3Exception internal(String message) {
    return new S3Exception(500, "InternalError", message);
  }
}
