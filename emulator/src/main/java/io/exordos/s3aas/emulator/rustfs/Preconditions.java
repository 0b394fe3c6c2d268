package io.exordos.s3aas.emulator.rustfs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since, as S3 evaluates them. */
final class Preconditions {
  private Preconditions() {}

  /**
   * Evaluates the conditions of a read (GET/HEAD, {@code prefix} "") or of a copy's source ({@code
   * prefix} "x-amz-copy-source-"). Throws PreconditionFailed; returns true when a read should
   * answer 304 Not Modified (a copy answers PreconditionFailed instead). {@code now} is the node's
   * time, which places an obsolete two-digit year.
   */
  static boolean notModified(
      HttpRequestView http, NodeStore.StoredObject obj, String prefix, Instant now) {
    String ifMatch = http.header(prefix + "if-match").orElse(null);
    String ifNoneMatch = http.header(prefix + "if-none-match").orElse(null);
    Instant modifiedSince = date(http.header(prefix + "if-modified-since").orElse(null), now);
    Instant unmodifiedSince = date(http.header(prefix + "if-unmodified-since").orElse(null), now);
    Instant lastModified = Instant.parse(obj.lastModified).truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null && !matches(ifMatch, obj.etag)) {
      throw failed();
    }
    if (ifMatch == null && unmodifiedSince != null && lastModified.isAfter(unmodifiedSince)) {
      throw failed();
    }
    boolean notModified =
        (ifNoneMatch != null && matches(ifNoneMatch, obj.etag))
            || (ifNoneMatch == null
                && modifiedSince != null
                && !lastModified.isAfter(modifiedSince));
    if (notModified && !prefix.isEmpty()) {
      throw failed();
    }
    return notModified;
  }

  /** If-None-Match: * and If-Match on a PUT, against the current object (null if none). */
  static void checkWrite(
      HttpRequestView http, NodeStore.@Nullable StoredObject current, String bucket, String key) {
    String ifNoneMatch = http.header("if-none-match").orElse(null);
    String ifMatch = http.header("if-match").orElse(null);
    if (ifNoneMatch != null && current != null && matches(ifNoneMatch, current.etag)) {
      throw failed();
    }
    if (ifMatch != null) {
      if (current == null) {
        throw S3Exception.noSuchKey(bucket, key);
      }
      if (!matches(ifMatch, current.etag)) {
        throw failed();
      }
    }
  }

  static boolean matches(String header, String etag) {
    for (String candidate : header.split(",", -1)) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag) || c.equals("\"" + etag + "\"")) {
        return true;
      }
    }
    return false;
  }

  static S3Exception failed() {
    return new S3Exception(
        412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
  }

  private static @Nullable Instant date(@Nullable String text, Instant now) {
    // S3 ignores a condition it cannot read
    return text == null ? null : HttpDates.parseHttp(text, now).orElse(null);
  }
}
