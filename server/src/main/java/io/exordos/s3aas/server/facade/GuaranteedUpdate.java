package io.exordos.s3aas.server.facade;

import io.exordos.s3aas.server.api.ApiException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * kube-apiserver's guaranteed update: a read-modify-write that lost a race with another writer (the
 * operator writing status) is read and applied again, so a request that asked for no precondition
 * never sees 409. With {@code If-Match} the client asked for one: its conflict is answered.
 */
final class GuaranteedUpdate {
  /**
   * How long a read-modify-write keeps trying after concurrent writes (the operator's): each try
   * reads the newest version, so only a writer that never pauses could exhaust it.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private GuaranteedUpdate() {}

  /** Runs {@code attempt} (read, apply, write) until it wins a race or may not retry. */
  static Object run(Call c, Supplier<Object> attempt) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (ApiException e) {
        boolean lostRace =
            e.code() == 409 && e.reason().equals("Conflict") && !(e instanceof FacadeError);
        if (!lostRace || c.ifMatch() != null || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }
}
