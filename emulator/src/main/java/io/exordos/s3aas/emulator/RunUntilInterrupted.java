package io.exordos.s3aas.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a command's server up until the JVM is asked to stop (Ctrl-C, SIGTERM) or the thread is
 * interrupted.
 */
final class RunUntilInterrupted {
  private RunUntilInterrupted() {}

  static int run(AutoCloseable server) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              close(server);
              stopped.countDown();
            },
            "emulator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running and closes the server.
      }
      close(server);
    }
    return 0;
  }

  private static void close(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      System.err.println("error while stopping: " + e.getMessage());
    }
  }
}
