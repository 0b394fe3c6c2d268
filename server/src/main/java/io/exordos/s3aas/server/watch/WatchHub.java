package io.exordos.s3aas.server.watch;

import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.Change;
import io.exordos.s3aas.server.store.ResourceStore;
import io.exordos.s3aas.server.store.Selector;
import io.exordos.s3aas.server.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the change log and fans each change out to the watchers that want it.
 *
 * <p>One delivery thread per server. It sleeps until woken: by a write committed in this process
 * ({@link #wake}), or by a NOTIFY from another replica (see {@link ChangeNotifier}) that a listener
 * thread receives on a PostgreSQL LISTEN connection. It then reads the changes that have become
 * safe to deliver (see {@link ResourceStore#completedChangesAfter}). When a change is committed but
 * hidden behind an older transaction still in flight, nothing will notify once that transaction
 * finishes if it aborts, so the hub re-checks after a short, growing delay until it can deliver.
 *
 * <p>Ordering contract with {@link Subscription#bookmarkRevision}: a change is offered to every
 * watcher before {@code delivered} moves past it.
 */
public final class WatchHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  static final String CHANNEL = "s3aas_changes";
  private static final int BATCH = 1000;
  private static final int RECENT_CAPACITY = 20_000;
  private static final int IDLE_WAIT_MS = 5_000;
  private static final int MAX_PENDING_WAIT_MS = 50;

  /**
   * How long the hub pauses after a read that delivered changes, before it reads again. Under a
   * write load every commit wakes it, so without the pause it read the change log back to back (and
   * asked {@link ResourceStore#anyChangeAfter} between reads that found nothing): PostgreSQL ran
   * one or two of its queries per create. After the pause one read carries every commit of the
   * pause. A change waits at most this much longer, and only one committed right after another was
   * delivered (the first after a quiet spell is read at once); none is missed, since a wake during
   * the pause stays pending until the read after it.
   */
  private static final long COALESCE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);

  private final ResourceStore store;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final int watcherCapacity;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<Change> recent = new ArrayDeque<>();
  private final Object lock = new Object();
  private final AtomicInteger watchers = new AtomicInteger();
  private final Thread thread;
  private final Thread listener;
  private final java.util.concurrent.Semaphore wakeups = new java.util.concurrent.Semaphore(0);
  private volatile long delivered;

  /** {@code recent} holds every delivered change after this revision. */
  private long recentFloor;

  private volatile boolean running = true;

  public WatchHub(
      ResourceStore store, String jdbcUrl, String user, String password, int watcherCapacity) {
    this.store = store;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.watcherCapacity = watcherCapacity;
    this.delivered = store.watermark();
    this.recentFloor = delivered;
    this.thread = new Thread(this::deliver, "watch-hub");
    this.thread.setDaemon(true);
    this.listener = new Thread(this::listen, "watch-hub-listen");
    this.listener.setDaemon(true);
  }

  public void start() {
    thread.start();
    listener.start();
  }

  /** Wakes the delivery thread: something was committed. */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  public long deliveredRevision() {
    return delivered;
  }

  public int watcherCount() {
    return watchers.get();
  }

  /**
   * Subscribes to changes after {@code from}.
   *
   * @throws StoreException EXPIRED when {@code from} has been compacted away
   */
  public Subscription subscribe(
      ResourceType type, @Nullable String namespace, Selector selector, long from) {
    Subscription s = new Subscription(this, type, namespace, selector, from, watcherCapacity);
    long upTo;
    List<Change> missed = new ArrayList<>();
    synchronized (lock) {
      upTo = delivered;
      subscriptions.add(s);
      if (from < upTo && from >= recentFloor) {
        for (Change c : recent) {
          if (c.revision() > from) {
            missed.add(c);
          }
        }
        upTo = from; // nothing left to fetch
      }
    }
    watchers.incrementAndGet();
    try {
      if (from < upTo) {
        if (from < store.compactedRevision()) {
          throw new StoreException(
              StoreException.Reason.EXPIRED,
              "too old resource version: " + from + " (" + store.compactedRevision() + ")");
        }
        long cursor = from;
        while (cursor < upTo) {
          List<Change> batch = store.completedChangesAfter(cursor, BATCH);
          batch.removeIf(c -> c.revision() > delivered);
          if (batch.isEmpty()) {
            break;
          }
          missed.addAll(batch);
          cursor = batch.get(batch.size() - 1).revision();
        }
      }
      s.setBackfill(missed);
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  void unsubscribe(Subscription s) {
    if (subscriptions.remove(s)) {
      watchers.decrementAndGet();
    }
  }

  private void deliver() {
    int pendingWait = 1;
    while (running) {
      try {
        int wait;
        if (drain()) {
          pendingWait = 1;
          wait = 0;
          java.util.concurrent.locks.LockSupport.parkNanos(COALESCE_NANOS);
        } else if (store.anyChangeAfter(delivered)) {
          // committed but hidden behind an older transaction still in flight
          wait = pendingWait;
          pendingWait = Math.min(pendingWait * 2, MAX_PENDING_WAIT_MS);
        } else {
          pendingWait = 1;
          wait = IDLE_WAIT_MS;
        }
        if (wait > 0 && wakeups.tryAcquire(wait, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          pendingWait = 1;
        }
        wakeups.drainPermits();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("watch hub could not read the change log, retrying: {}", e.toString());
          sleepQuietly(1000);
        }
      }
    }
  }

  /** Receives other replicas' NOTIFYs and wakes the delivery thread. */
  private void listen() {
    while (running) {
      try (Connection conn = DriverManager.getConnection(jdbcUrl, user, password)) {
        try (Statement st = conn.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = conn.unwrap(PGConnection.class);
        wake(); // catch up on anything committed while not listening
        while (running) {
          PGNotification[] notes = pg.getNotifications(IDLE_WAIT_MS);
          if (notes != null && notes.length > 0) {
            wake();
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warn("watch hub lost its LISTEN connection, retrying: {}", e.toString());
          sleepQuietly(1000);
        }
      }
    }
  }

  /**
   * Delivers every change that is safe to deliver; returns whether there was any. A batch shorter
   * than asked for ends it without a read to confirm that nothing follows: a change committed after
   * the read wakes the hub (so does the commit of one it hid), and an abort that uncovers hidden
   * ones is found by the next, empty read's {@link ResourceStore#anyChangeAfter}.
   */
  private boolean drain() {
    boolean any = false;
    while (running) {
      List<Change> batch = store.completedChangesAfter(delivered, BATCH);
      if (batch.isEmpty()) {
        return any;
      }
      any = true;
      for (Change c : batch) {
        synchronized (lock) {
          recent.addLast(c);
          if (recent.size() > RECENT_CAPACITY) {
            recentFloor = recent.removeFirst().revision();
          }
          for (Subscription s : subscriptions) {
            s.offer(c);
          }
          delivered = c.revision();
        }
      }
      if (batch.size() < BATCH) {
        return true;
      }
    }
    return any;
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    listener.interrupt();
  }
}
