package io.exordos.s3aas.emulator.instrument;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Per-kind fault injection: a fixed delay, a failure rate, or the next N calls failing with a given
 * HTTP status. The kind {@link #ALL} applies to every call. Rules stay until {@link #clear()}.
 *
 * <p>The servers apply the rules right after counting a call and before checking its credentials,
 * so a delayed or failed call still shows in {@link CallCounters}.
 */
public final class Faults {
  /** Matches every kind. */
  public static final String ALL = "*";

  private record FailRule(double rate, int status, @Nullable AtomicInteger remaining) {}

  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, FailRule> failures = new ConcurrentHashMap<>();

  /** Every call of {@code kind} waits {@code delay} before it is served. */
  public Faults delay(String kind, Duration delay) {
    if (delay == null || delay.isZero()) {
      delays.remove(kind);
    } else {
      delays.put(kind, delay);
    }
    return this;
  }

  /** Every call of {@code kind} fails with {@code httpStatus}. */
  public Faults fail(String kind, int httpStatus) {
    failures.put(kind, new FailRule(1.0, httpStatus, null));
    return this;
  }

  /**
   * The next {@code times} calls of {@code kind} fail with {@code httpStatus}, then calls succeed
   * again.
   */
  public Faults failNext(String kind, int httpStatus, int times) {
    failures.put(kind, new FailRule(1.0, httpStatus, new AtomicInteger(times)));
    return this;
  }

  /**
   * A random share {@code rate} (0..1) of the calls of {@code kind} fail with {@code httpStatus}.
   */
  public Faults failRate(String kind, double rate, int httpStatus) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be within 0..1: " + rate);
    }
    failures.put(kind, new FailRule(rate, httpStatus, null));
    return this;
  }

  public Faults clear(String kind) {
    delays.remove(kind);
    failures.remove(kind);
    return this;
  }

  public Faults clear() {
    delays.clear();
    failures.clear();
    return this;
  }

  /**
   * Applies the rules for one call: sleeps for the configured delay, then returns the HTTP status
   * the call must fail with, if any.
   */
  public Optional<Integer> apply(String kind) {
    Duration delay = delays.getOrDefault(kind, delays.get(ALL));
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Optional<Integer> failure = decide(failures.get(kind));
    return failure.isPresent() ? failure : decide(failures.get(ALL));
  }

  private static Optional<Integer> decide(@Nullable FailRule rule) {
    if (rule == null) {
      return Optional.empty();
    }
    if (rule.remaining() != null && rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
      return Optional.empty();
    }
    if (rule.rate() < 1.0 && ThreadLocalRandom.current().nextDouble() >= rule.rate()) {
      return Optional.empty();
    }
    return Optional.of(rule.status());
  }
}
