package io.exordos.s3aas.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code make chaos}: runs the fault scenarios (all, or those named as arguments), each against
 * processes it starts on loopback, prints their figures and exits 1 if any goal was broken.
 * Processes' logs stay in {@code chaos/target/run-<time>/}.
 */
public final class Chaos {
  /** One fault scenario: starts what it needs under {@code dir}, stops it all before returning. */
  interface Scenario {
    void run(Report report, Path dir) throws Exception;
  }

  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("server-kill", new ServerKill());
    SCENARIOS.put("database-outage", new DatabaseOutage());
    SCENARIOS.put("operator-kill", new OperatorKill());
    SCENARIOS.put("connection-flood", new ConnectionFlood());
  }

  private Chaos() {}

  public static void main(String[] args) throws IOException {
    List<String> names = args.length == 0 ? List.copyOf(SCENARIOS.keySet()) : List.of(args);
    for (String name : names) {
      if (!SCENARIOS.containsKey(name)) {
        System.err.println("unknown scenario " + name + "; known: " + SCENARIOS.keySet());
        System.exit(2);
      }
    }
    if (!Files.isExecutable(Path.of(s3aas()))) {
      System.err.println(s3aas() + " is missing: run `make bin` first");
      System.exit(2);
    }
    Path run =
        Path.of("chaos", "target", "run-" + Instant.now().truncatedTo(ChronoUnit.SECONDS))
            .toAbsolutePath();
    Files.createDirectories(run);
    System.out.println("logs: " + run);
    List<String> broken = new ArrayList<>();
    for (String name : names) {
      Report report = new Report(name);
      long start = System.nanoTime();
      Path dir = Files.createDirectories(run.resolve(name));
      try {
        Objects.requireNonNull(SCENARIOS.get(name)).run(report, dir);
      } catch (Exception | AssertionError e) {
        report.check("ran to the end", false, e.toString());
        e.printStackTrace(System.out);
      }
      report.figure("duration", (System.nanoTime() - start) / 1_000_000_000L + " s");
      report.broken().forEach(b -> broken.add(name + ": " + b));
    }
    System.out.println();
    if (broken.isEmpty()) {
      System.out.println("chaos: every goal held (" + String.join(", ", names) + ")");
      System.exit(0);
    }
    System.out.println("chaos: " + broken.size() + " goal(s) broken:");
    broken.forEach(b -> System.out.println("  " + b));
    System.exit(1);
  }

  /** The launcher under test: {@code $CHAOS_S3AAS}, default {@code output/bin/s3aas}. */
  static String s3aas() {
    String configured = System.getenv("CHAOS_S3AAS");
    return configured != null && !configured.isEmpty() ? configured : "output/bin/s3aas";
  }
}
