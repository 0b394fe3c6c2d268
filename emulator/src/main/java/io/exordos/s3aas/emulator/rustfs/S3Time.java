package io.exordos.s3aas.emulator.rustfs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The two time formats of the S3 API, each in one place: XML timestamps and HTTP dates. */
final class S3Time {
  /** Timestamps in XML documents and in the stored state. */
  static final DateTimeFormatter S3_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** HTTP dates (Last-Modified and the like). */
  static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private S3Time() {}

  /** A stored S3 timestamp as an HTTP date. */
  static String httpDate(String s3Time) {
    return HTTP_DATE.format(Instant.parse(s3Time));
  }
}
