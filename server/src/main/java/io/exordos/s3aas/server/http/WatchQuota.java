package io.exordos.s3aas.server.http;

import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.iam.Principal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many watches one caller may hold open at once. Each open watch holds a connection and a
 * server thread, so without a cap one tenant's token (even a viewer's) could pile them up until
 * nobody else is served. The server's own admin token (the operator) is not capped.
 */
final class WatchQuota {
  /** Well above what a tenant's tools need (kubectl -w, a few informers). */
  static final int PER_CALLER = 50;

  private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /** One open watch; closing it gives the slot back. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  Slot acquire(Principal caller) {
    if (caller.admin()) {
      return () -> {};
    }
    AtomicInteger count = open.computeIfAbsent(caller.name(), k -> new AtomicInteger());
    if (count.incrementAndGet() > PER_CALLER) {
      count.decrementAndGet();
      throw new ApiException(
          429,
          "TooManyRequests",
          "too many open watches for this token (at most "
              + PER_CALLER
              + "): close some before opening more");
    }
    return count::decrementAndGet;
  }
}
