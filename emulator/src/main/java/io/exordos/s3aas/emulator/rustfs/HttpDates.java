package io.exordos.s3aas.emulator.rustfs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The two date forms the emulator writes, in one place, so every header and XML element agrees with
 * the real RustFS and with strict clients.
 *
 * <ul>
 *   <li>{@link #http}: IMF-fixdate (RFC 9110 section 5.6.7), {@code Mon, 07 Dec 2026 03:31:08 GMT},
 *       for {@code Date}, {@code Last-Modified} and every other HTTP-date header. Always a
 *       two-digit day: {@link DateTimeFormatter#RFC_1123_DATE_TIME} prints {@code 7 Dec}, which
 *       minio-java (and any client that follows the RFC) refuses.
 *   <li>{@link #xml}: ISO-8601 in UTC with milliseconds, {@code 2026-12-07T03:31:08.000Z}, as S3
 *       writes {@code LastModified} and {@code CreationDate} in XML bodies.
 * </ul>
 *
 * <p>{@link #parseHttp} reads what a client may send ({@code If-Modified-Since}, {@code Expires}):
 * the IMF-fixdate and, as RFC 9110 asks of recipients, the obsolete RFC 850 and asctime forms.
 */
public final class HttpDates {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter XML_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US)
          .withZone(ZoneOffset.UTC);
  // The obsolete forms are read after their weekday, which is not checked against the date: an
  // RFC 850 year has two digits, so the weekday only fits once the century is known.
  // RFC 850: "Monday, 07-Dec-26 03:31:08 GMT".
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("dd-MMM-uu HH:mm:ss 'GMT'", Locale.US);
  // asctime: "Mon Dec  7 03:31:08 2026" (a one-digit day is padded with a space).
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss uuuu", Locale.US);

  private HttpDates() {}

  /** {@code t} as an IMF-fixdate, the only form HTTP senders may write. */
  public static String http(Instant t) {
    return IMF_FIXDATE.format(t);
  }

  /** {@code t} as S3 writes times in XML: UTC, milliseconds, {@code Z}. */
  public static String xml(Instant t) {
    return XML_TIME.format(t);
  }

  /**
   * An HTTP-date a client sent, in any of the three forms RFC 9110 names; empty when it is none of
   * them (S3 then ignores the header, as HTTP asks of an invalid date in a condition).
   */
  public static Optional<Instant> parseHttp(String value, Instant now) {
    String text = value.trim();
    try {
      return Optional.of(Instant.from(IMF_FIXDATE.parse(text)));
    } catch (DateTimeParseException e) {
      // not the preferred form: try the obsolete ones below
    }
    int comma = text.indexOf(", ");
    int space = text.indexOf(' ');
    try {
      if (comma > 3) {
        LocalDateTime t = LocalDateTime.parse(text.substring(comma + 2), RFC_850);
        return Optional.of(pastCentury(t, now).toInstant(ZoneOffset.UTC));
      }
      if (space == 3) {
        return Optional.of(
            LocalDateTime.parse(text.substring(space + 1), ASCTIME).toInstant(ZoneOffset.UTC));
      }
    } catch (DateTimeException e) {
      // none of the three forms
    }
    return Optional.empty();
  }

  // The "uu" pattern places two-digit years in 2000-2099; RFC 9110 wants the year within 50 years
  // of now, looking back rather than forward.
  private static LocalDateTime pastCentury(LocalDateTime t, Instant now) {
    int thisYear = now.atZone(ZoneOffset.UTC).getYear();
    int year = thisYear - Math.floorMod(thisYear, 100) + t.getYear() % 100;
    if (year > thisYear + 50) {
      year -= 100;
    } else if (year <= thisYear - 50) {
      year += 100;
    }
    return t.withYear(year);
  }
}
