package io.exordos.s3aas.functional;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a condition holds (the system converges asynchronously), with the last value in the
 * failure.
 */
final class Poll {
  private Poll() {}

  static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    Instant deadline = Instant.now().plus(timeout);
    T last = null;
    RuntimeException error = null;
    long sleep = 250;
    while (true) {
      try {
        last = probe.get();
        error = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        error = e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "timed out after "
                + timeout
                + " waiting for "
                + what
                + "; last: "
                + (error != null ? error : last),
            error);
      }
      LocalStack.sleep(sleep);
      sleep = Math.min(sleep * 2, 3000);
    }
  }
}
