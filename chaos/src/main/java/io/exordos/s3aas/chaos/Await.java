package io.exordos.s3aas.chaos;

import java.util.function.BooleanSupplier;

final class Await {
  private Await() {}

  /** Polls every 100 ms until the condition holds; fails after {@code seconds}. */
  static void until(String what, int seconds, BooleanSupplier condition) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + seconds + " s waiting until " + what);
      }
      sleep(100);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
