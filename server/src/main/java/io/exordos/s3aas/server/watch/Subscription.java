package io.exordos.s3aas.server.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.Change;
import io.exordos.s3aas.server.store.Selector;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One watcher's view of the change stream: changes of one kind, optionally one namespace and a
 * selector, after a starting revision. The hub offers live changes; the watcher first drains the
 * backfill (changes it missed before subscribing), then the live queue.
 *
 * <p>A watcher that falls more than its queue's capacity behind is cut off, like a slow etcd
 * watcher: its stream ends and the client resumes from the last revision it saw.
 */
public final class Subscription implements AutoCloseable {
  private final WatchHub hub;
  private final ResourceType type;
  private final @Nullable String namespace;
  private final Selector selector;
  private final BlockingQueue<Change> live;
  private final ArrayDeque<Change> backfill = new ArrayDeque<>();
  private volatile boolean overflowed;
  private volatile boolean closed;
  private long last;

  Subscription(
      WatchHub hub,
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      long from,
      int capacity) {
    this.hub = hub;
    this.type = type;
    this.namespace = namespace;
    this.selector = selector;
    this.live = new ArrayBlockingQueue<>(capacity);
    this.last = from;
  }

  boolean wants(Change change) {
    if (!change.group().equals(type.group()) || !change.resource().equals(type.plural())) {
      return false;
    }
    if (namespace != null && !namespace.equals(change.namespace())) {
      return false;
    }
    if (selector.isEverything() || selector.matches(change.object())) {
      return true;
    }
    ObjectNode previous = change.previous();
    return previous != null && selector.matches(previous);
  }

  /** Called by the hub thread; never blocks it. */
  void offer(Change change) {
    if (!overflowed && wants(change) && !live.offer(change)) {
      overflowed = true;
    }
  }

  void setBackfill(List<Change> changes) {
    for (Change c : changes) {
      if (wants(c)) {
        backfill.add(c);
      }
    }
  }

  /**
   * The next change for this watcher, or null when none arrived within the timeout.
   *
   * @throws Overflow when the watcher fell too far behind and must reconnect
   */
  public @Nullable Change next(long timeout, TimeUnit unit) throws InterruptedException {
    Change c = backfill.poll();
    if (c == null) {
      if (overflowed && live.isEmpty()) {
        throw new Overflow();
      }
      c = live.poll(timeout, unit);
    }
    if (c == null) {
      return null;
    }
    if (c.revision() <= last) {
      return next(0, unit); // already covered by the state the watcher started from
    }
    last = c.revision();
    return c;
  }

  /**
   * A revision the watcher may resume from without missing anything, if it has nothing pending;
   * otherwise -1. Used for BOOKMARK events, which on a quiet resource repeat the same revision.
   */
  public long bookmarkRevision() {
    long delivered = hub.deliveredRevision(); // read before checking the queue: see WatchHub
    if (!backfill.isEmpty() || !live.isEmpty()) {
      return -1;
    }
    last = Math.max(last, delivered);
    return last > 0 ? last : -1;
  }

  public Selector selector() {
    return selector;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      hub.unsubscribe(this);
    }
  }

  /** The watcher was cut off for falling behind. */
  public static final class Overflow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overflow() {
      super("watcher fell too far behind", null, false, false);
    }
  }
}
