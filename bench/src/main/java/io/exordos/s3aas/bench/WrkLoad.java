package io.exordos.s3aas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The create load again, from {@code wrk} (a C client in its own process) instead of the JDK client
 * in the server's JVM. On a 2-core machine the JDK client takes much of the CPU the server needs,
 * so its figure says more about the client than the server; wrk's is the server's own.
 */
final class WrkLoad {
  private static final Path SCRIPT = Path.of("bench", "wrk", "create-buckets.lua");
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private WrkLoad() {}

  /** Creates per second after a warm-up run of the same length, or null without wrk. */
  static @Nullable Double creates(String url, String token, int connections, int seconds)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(SCRIPT) || !onPath("wrk")) {
      return null;
    }
    run(url, token, connections, seconds, "wrk-warm"); // the JIT compiles the create path
    return run(url, token, connections, seconds, "wrk");
  }

  private static double run(String url, String token, int connections, int seconds, String prefix)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "wrk",
                    "-t2",
                    "-c" + connections,
                    "-d" + seconds + "s",
                    "-s",
                    SCRIPT.toString(),
                    url))
            .redirectErrorStream(true);
    pb.environment().put("TOKEN", token);
    pb.environment().put("PREFIX", prefix);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed:\n" + out);
    }
    Matcher failed = NON_2XX.matcher(out);
    if (failed.find()) {
      throw new IOException("wrk saw " + failed.group(1) + " failed creates:\n" + out);
    }
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IOException("no Requests/sec in wrk's output:\n" + out);
    }
    return Double.parseDouble(rate.group(1));
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  static String describe(@Nullable Double creates, double raw, double ceiling) {
    return creates == null
        ? "not run (install wrk: apt-get install wrk)"
        : String.format(
            Locale.ROOT,
            "%8.0f /s  (%.0f%% of raw, %.0f%% of the ceiling; target >= 80%%)",
            creates,
            100 * creates / raw,
            100 * creates / ceiling);
  }
}
