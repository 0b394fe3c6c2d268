package io.exordos.s3aas.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Who spent the CPU during one measured window: PostgreSQL (every {@code postgres} process), this
 * JVM, the client threads inside it, and the children it reaped (wrk). On a 2-core machine the
 * parties share the cores, so a rate is bounded by {@code cores / CPU per operation}; comparing
 * those bounds says whether a goal is reachable at all, which the rates alone cannot.
 *
 * <p>Linux only ({@code /proc}); elsewhere every figure reads 0 and the report says so.
 */
final class CpuAccount {
  /** USER_HZ: /proc's tick. 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
  private static final double TICK_SECONDS = 0.01;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The database whose transactions are counted (the server's); null: none counted. */
  private static volatile @Nullable String database;

  private CpuAccount() {}

  /** Counts the transactions committed in {@code url}'s database from now on. */
  static void countTransactionsOf(String url) {
    database = url;
  }

  /** CPU seconds so far, per party; {@code client} is the listed threads' own CPU. */
  record Snapshot(double postgres, double jvm, double children, double client, long xacts) {
    static Snapshot take(List<Thread> clientThreads) {
      double client = 0;
      for (Thread t : clientThreads) {
        long ns = THREADS.getThreadCpuTime(t.getId());
        client += ns > 0 ? ns / 1e9 : 0;
      }
      long[] self = ticks(Path.of("/proc/self/stat"));
      return new Snapshot(
          postgresTicks() * TICK_SECONDS,
          (self[0] + self[1]) * TICK_SECONDS,
          (self[2] + self[3]) * TICK_SECONDS,
          client,
          transactions());
    }

    /**
     * Transactions committed or rolled back in the counted database so far: each of the server's
     * statements is one (auto-commit), so per create this counts the watch hub's reads and the
     * NOTIFYs beside the write itself. PostgreSQL publishes a busy backend's counts up to a second
     * late, so over a 10 s window this is good to some 10 %.
     */
    private static long transactions() {
      String url = database;
      if (url == null) {
        return 0;
      }
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          PreparedStatement ps =
              c.prepareStatement(
                  "select xact_commit + xact_rollback from pg_stat_database"
                      + " where datname = current_database()");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      } catch (SQLException e) {
        return 0;
      }
    }
  }

  /**
   * One window's CPU per operation, in seconds. {@code server} is the JVM minus the client threads
   * (the server's threads, GC and JIT); {@code client} is the client threads, or wrk when it ran as
   * a child.
   */
  record Phase(
      String name,
      long ops,
      double wall,
      double postgres,
      double server,
      double client,
      double xactsPerOp) {
    double rate() {
      return ops / wall;
    }

    static Phase between(String name, long ops, double wall, Snapshot a, Snapshot b) {
      double clientThreads = b.client() - a.client();
      double children = b.children() - a.children();
      double n = Math.max(1, ops);
      return new Phase(
          name,
          ops,
          wall,
          (b.postgres() - a.postgres()) / n,
          (b.jvm() - a.jvm() - clientThreads) / n,
          (clientThreads + children) / n,
          (b.xacts() - a.xacts()) / n);
    }

    double total() {
      return postgres + server + client;
    }

    /** The share of the machine's cores the parties kept busy. */
    double busy(int cores) {
      return total() * ops / (wall * cores);
    }

    String line(int cores) {
      return String.format(
          Locale.ROOT,
          "%-26s: pg %.3f  server %.3f  client %.3f  = %.3f ms CPU/create; %d in %.1f s,"
              + " %.0f%% of %d cores busy; %.1f transactions/create",
          name,
          1e3 * postgres,
          1e3 * server,
          1e3 * client,
          1e3 * total(),
          ops,
          wall,
          100 * busy(cores),
          cores,
          xactsPerOp);
    }
  }

  /**
   * The bounds the CPU sets: the ceiling with only PostgreSQL and the JDBC client to pay for, the
   * API with PostgreSQL, the server and wrk; and the server CPU per create that 80 % would allow.
   */
  static String bounds(Phase ceiling, Phase api, double measuredCeiling, int cores) {
    double ceilingBound = cores / (ceiling.postgres() + ceiling.client());
    double apiBound = cores / api.total();
    double serverBudget = cores / (0.8 * measuredCeiling) - api.postgres() - api.client();
    return String.format(
        Locale.ROOT,
        "CPU bounds (%d cores / CPU per create): ceiling %.0f /s (pg + JDBC client),"
            + " API %.0f /s (pg + server + wrk) = %.0f%% of it;%n"
            + "  80%% of the measured ceiling (%.0f /s) leaves the server %.3f ms CPU/create"
            + " (it used %.3f)",
        cores,
        ceilingBound,
        apiBound,
        100 * apiBound / ceilingBound,
        0.8 * measuredCeiling,
        1e3 * serverBudget,
        1e3 * api.server());
  }

  /** utime, stime, cutime, cstime of one /proc/PID/stat, or zeros if it is gone. */
  private static long[] ticks(Path stat) {
    try {
      String s = Files.readString(stat);
      // the command name may hold spaces and parentheses: the fields start after the last ')'
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", -1);
      // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
      return new long[] {
        Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
      };
    } catch (IOException | RuntimeException e) {
      return new long[4];
    }
  }

  /**
   * utime + stime of every live postgres process (postmaster, backends, writers), plus the reaped
   * children's (cutime + cstime): a backend that exits during the window is then still counted,
   * through the postmaster.
   */
  private static long postgresTicks() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(CpuAccount::isPostgres)
          .mapToLong(
              p -> {
                long[] t = ticks(p.resolve("stat"));
                return t[0] + t[1] + t[2] + t[3];
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean isPostgres(Path proc) {
    try {
      return Files.readString(proc.resolve("comm")).strip().equals("postgres");
    } catch (IOException e) {
      return false;
    }
  }
}
