package io.exordos.s3aas.emulator.instrument;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts calls per kind (an S3 operation such as {@code PutObject}, an admin call such as {@code
 * AddUser}, or a Core call such as {@code CreateNodeSet}), so tests and benchmarks can assert how
 * many calls the operator makes. Thread-safe.
 */
public final class CallCounters {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Records one call of {@code kind}. */
  public void increment(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** Calls of {@code kind} seen since start or the last {@link #reset()}. */
  public long count(String kind) {
    LongAdder adder = counts.get(kind);
    return adder == null ? 0 : adder.sum();
  }

  /** All calls of every kind. */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** A sorted copy of the non-zero counters. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach(
        (kind, adder) -> {
          long n = adder.sum();
          if (n > 0) {
            copy.put(kind, n);
          }
        });
    return copy;
  }

  public void reset() {
    counts.clear();
  }
}
