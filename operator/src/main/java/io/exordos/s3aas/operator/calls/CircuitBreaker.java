package io.exordos.s3aas.operator.calls;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails calls to one target fast after {@code threshold} transient failures in a row, for {@code
 * openFor}; then lets calls through again. Only transient failures count: a permanent refusal is an
 * answer, which proves the target works, so one object's bad request never pauses the calls of the
 * target's other objects.
 */
public final class CircuitBreaker {
  private final int threshold;
  private final Duration openFor;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong openUntil = new AtomicLong();

  public CircuitBreaker(int threshold, Duration openFor) {
    this.threshold = threshold;
    this.openFor = openFor;
  }

  /** True while calls must fail fast. */
  public boolean isOpen() {
    return openUntil.get() > System.currentTimeMillis();
  }

  public Duration openFor() {
    return openFor;
  }

  public int threshold() {
    return threshold;
  }

  /** The target answered (success or a permanent refusal). */
  public void answered() {
    consecutiveFailures.set(0);
  }

  /** A transient failure; answers true when it opened the breaker. */
  public boolean failed() {
    if (consecutiveFailures.incrementAndGet() >= threshold) {
      openUntil.set(System.currentTimeMillis() + openFor.toMillis());
      consecutiveFailures.set(0);
      return true;
    }
    return false;
  }
}
