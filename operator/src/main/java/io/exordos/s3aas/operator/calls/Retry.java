package io.exordos.s3aas.operator.calls;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one retry loop of the operator's external calls: an attempt that fails transiently is
 * repeated after a jittered, exponentially growing pause, up to {@code attempts} times; a permanent
 * failure ends the call at once. With a {@link CircuitBreaker}, calls fail fast while it is open
 * and transient failures are counted towards opening it.
 */
public final class Retry {
  /** One attempt of a call. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  private final int attempts;
  private final Duration firstPause;
  private final double growth;

  public Retry(int attempts, Duration firstPause, double growth) {
    this.attempts = Math.max(1, attempts);
    this.firstPause = firstPause;
    this.growth = growth;
  }

  /**
   * Runs {@code attempt}; {@code translate} turns whatever it throws into the caller's exception
   * type, {@code breakerOpen} makes the exception thrown while the breaker is open.
   */
  public <T, E extends ExternalCallException> T call(
      Attempt<T> attempt,
      Function<Exception, E> translate,
      CircuitBreaker breaker,
      Supplier<E> breakerOpen) {
    if (breaker.isOpen()) {
      throw breakerOpen.get();
    }
    @Nullable E last = null;
    for (int i = 0; i < attempts; i++) {
      if (i > 0) {
        pause(i);
      }
      try {
        T result = attempt.run();
        breaker.answered();
        return result;
      } catch (Exception e) {
        last = translate.apply(e);
        if (!last.isTransient() || !last.isFailureOfTarget()) {
          breaker.answered();
          throw last;
        }
        if (breaker.failed()) {
          throw last;
        }
      }
    }
    throw Objects.requireNonNull(last, "at least one attempt ran");
  }

  private void pause(int retry) {
    double base = firstPause.toMillis() * Math.pow(growth, retry - 1);
    long ms = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
