package io.exordos.s3aas.emulator.rustfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpDatesTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:31:08Z");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-12-07T03:31:08Z | Mon, 07 Dec 2026 03:31:08 GMT | 2026-12-07T03:31:08.000Z",
        "2027-01-01T00:00:00Z | Fri, 01 Jan 2027 00:00:00 GMT | 2027-01-01T00:00:00.000Z",
        "2028-02-29T12:00:00.5Z | Tue, 29 Feb 2028 12:00:00 GMT | 2028-02-29T12:00:00.500Z",
        "2026-12-31T23:59:59.999Z | Thu, 31 Dec 2026 23:59:59 GMT | 2026-12-31T23:59:59.999Z",
      })
  void writesTheFixedWidthForms(String instant, String http, String xml) {
    Instant t = Instant.parse(instant);
    assertThat(HttpDates.http(t)).isEqualTo(http);
    assertThat(HttpDates.xml(t)).isEqualTo(xml);
  }

  @Test
  void everyDayOfALeapYearRoundTrips() {
    for (LocalDate d = LocalDate.of(2028, 1, 1); d.getYear() == 2028; d = d.plusDays(1)) {
      Instant t = d.atTime(9, 5, 1).toInstant(ZoneOffset.UTC);
      String text = HttpDates.http(t);
      assertThat(text).hasSize("Mon, 07 Dec 2026 03:31:08 GMT".length());
      assertThat(HttpDates.parseHttp(text, NOW)).contains(t);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Sun, 06 Nov 1994 08:49:37 GMT | 1994-11-06T08:49:37Z",
        "Sunday, 06-Nov-94 08:49:37 GMT | 1994-11-06T08:49:37Z",
        "Sun Nov  6 08:49:37 1994 | 1994-11-06T08:49:37Z",
        "Thursday, 01-Jan-32 00:00:00 GMT | 2032-01-01T00:00:00Z",
      })
  void readsTheThreeFormsRecipientsMustAccept(String text, String instant) {
    assertThat(HttpDates.parseHttp(text, NOW)).contains(Instant.parse(instant));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mon, 7 Dec 2026 03:31:08 GMT",
        "Tue, 07 Dec 2026 03:31:08 GMT",
        "2026-12-07T03:31:08Z",
        "Mon, 07 Dec 2026 03:31:08 +0100",
        "yesterday",
      })
  void refusesEverythingElse(String text) {
    assertThat(HttpDates.parseHttp(text, NOW)).isEqualTo(Optional.empty());
  }
}
