package io.exordos.s3aas.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Go-style durations as kubectl takes them: 30s, 5m, 1h30m, 500ms; a bare number is seconds. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    Matcher m = PART.matcher(v);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    if (end != v.length() || v.isEmpty()) {
      throw new CommandLine.TypeConversionException(
          "invalid duration \"" + value + "\": use e.g. 30s, 5m or 1h30m");
    }
    return d;
  }

  /** The duration, or null when {@code value} is not one. */
  static @Nullable Duration tryParse(String value) {
    try {
      return parse(value);
    } catch (CommandLine.TypeConversionException e) {
      return null;
    }
  }
}
