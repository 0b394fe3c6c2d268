package io.exordos.s3aas.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What one scenario measured, and whether each of its goals held. Printed as it goes. */
final class Report {
  private final String scenario;
  private final List<String> broken = new ArrayList<>();

  Report(String scenario) {
    this.scenario = scenario;
  }

  void figure(String what, Object value) {
    System.out.printf(Locale.ROOT, "[%s] %s: %s%n", scenario, what, value);
  }

  /** A figure whose goal is an upper bound, e.g. 0 writes lost. */
  void atMost(String what, double value, double goal) {
    boolean ok = value <= goal;
    System.out.printf(
        Locale.ROOT,
        "[%s] %s: %s (goal <= %s) %s%n",
        scenario,
        what,
        format(value),
        format(goal),
        ok ? "ok" : "BROKEN");
    if (!ok) {
      broken.add(what + " = " + format(value) + ", goal <= " + format(goal));
    }
  }

  void check(String what, boolean ok, String detail) {
    System.out.printf(
        Locale.ROOT, "[%s] %s: %s %s%n", scenario, what, detail, ok ? "ok" : "BROKEN");
    if (!ok) {
      broken.add(what + ": " + detail);
    }
  }

  List<String> broken() {
    return broken;
  }

  String scenario() {
    return scenario;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }
}
