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
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([0-9.]+)s");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private WrkLoad() {}

  /**
   * The creates of a run after a warm-up run of the same length, with the CPU each party spent in
   * it (the server is the whole JVM then: the bench's own threads only wait for wrk), or null
   * without wrk.
   */
  static CpuAccount.@Nullable Phase creates(String url, String token, int connections, int seconds)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(SCRIPT) || !onPath("wrk")) {
      return null;
    }
    run(url, token, connections, seconds, "wrk-warm"); // the JIT compiles the create path
    return run(url, token, connections, seconds, "wrk");
  }

  private static CpuAccount.Phase run(
      String url, String token, int connections, int seconds, String prefix)
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
    CpuAccount.Snapshot before = CpuAccount.Snapshot.take(List.of());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // waitFor returns once the JDK has reaped wrk, so its CPU is in this process's cutime/cstime
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed:\n" + out);
    }
    CpuAccount.Snapshot after = CpuAccount.Snapshot.take(List.of());
    Matcher failed = NON_2XX.matcher(out);
    if (failed.find()) {
      throw new IOException("wrk saw " + failed.group(1) + " failed creates:\n" + out);
    }
    Matcher requests = REQUESTS.matcher(out);
    if (!requests.find()) {
      throw new IOException("no request count in wrk's output:\n" + out);
    }
    // the rate is wrk's own (its requests over its duration); the CPU is over wrk's whole life
    return CpuAccount.Phase.between(
        "API creates (wrk)",
        Long.parseLong(requests.group(1)),
        Double.parseDouble(requests.group(2)),
        before,
        after);
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
