package io.exordos.s3aas.server;

import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep: compacts the change log (watches older than the retention then get 410 and
 * relist) and expires core Events, through the normal delete path so watchers see them go.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
          });

  Maintenance(
      ResourceStore store,
      ResourceService service,
      ResourceType events,
      Duration changeRetention,
      Duration eventTtl,
      Clock clock) {
    // runs until the timer is shut down; the task catches and logs its own failures
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                long candidate =
                    Math.min(store.newestRevisionOlderThan(changeRetention), store.watermark());
                if (candidate > store.compactedRevision()) {
                  int removed = store.compact(candidate);
                  LOG.info(
                      "compacted the change log up to revision {} ({} changes)",
                      candidate,
                      removed);
                }
                // Events carry creation times from the server's clock, so their age is measured by
                // it
                OffsetDateTime cutoff =
                    OffsetDateTime.ofInstant(clock.instant().minus(eventTtl), ZoneOffset.UTC);
                for (ResourceKey key : store.createdBefore(events, cutoff, 500)) {
                  try {
                    service.delete(key, null, false);
                  } catch (ApiException e) {
                    // already gone: fine
                  }
                }
              } catch (RuntimeException e) {
                LOG.warn("maintenance pass failed: {}", e.toString());
              }
            },
            30,
            60,
            TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
