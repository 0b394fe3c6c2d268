package io.exordos.s3aas.operator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.exordos.s3aas.operator.rustfs.BucketSettings;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeClient.ObservedUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-instance bulk observation cache (Strimzi's user-operator cache, adapted): once per poll
 * interval each registered instance is observed with three list calls (users, canned policies,
 * buckets), one usage read (RustFS's {@code datausageinfo}: every bucket's objects and bytes, never
 * a listing; every {@code storageInfoEveryPolls}-th poll {@code storageinfo}, each node's drives,
 * instead: capacity moves slowly), plus the settings of {@code bucketSamplesPerPoll} buckets in
 * rotation, and the snapshot is shared by every reconciler of that instance. After each poll the
 * listeners (one {@link DriftEventSource} per controller) compare it with the desired state and
 * trigger only the objects that drifted. Reconcilers write their own changes through ({@link
 * #update}); changes made while a poll was running are replayed onto its result, so a poll never
 * resurrects a stale view.
 */
public final class ObservationCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObservationCache.class);

  /** Told after every scheduled poll of an instance. */
  public interface Listener {
    void observed(String instanceKey, NodeSnapshot snapshot);
  }

  private record Change(long at, Consumer<NodeSnapshot> apply) {}

  private static final class Entry {
    // set by register(), right after the entry is created
    volatile @Nullable NodeClient client;
    // null until the first observation, and again after the client changed
    volatile @Nullable NodeSnapshot snapshot;
    final List<Change> journal = new ArrayList<>();
    @Nullable ScheduledFuture<?> task;
    int cursor;
    long polls;
  }

  private final Duration interval;
  private final int bucketSamplesPerPoll;
  private final int storageInfoEveryPolls;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller;

  /** Each node's drives read every fifth poll. */
  public ObservationCache(Duration interval, int bucketSamplesPerPoll) {
    this(interval, bucketSamplesPerPoll, 5);
  }

  public ObservationCache(Duration interval, int bucketSamplesPerPoll, int storageInfoEveryPolls) {
    if (storageInfoEveryPolls < 1) {
      throw new IllegalArgumentException(
          "storageInfoEveryPolls must be at least 1, got " + storageInfoEveryPolls);
    }
    this.interval = interval;
    this.bucketSamplesPerPoll = bucketSamplesPerPoll;
    this.storageInfoEveryPolls = storageInfoEveryPolls;
    this.poller =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "s3aas-observer");
              t.setDaemon(true);
              return t;
            });
  }

  public Duration interval() {
    return interval;
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public void removeListener(Listener l) {
    listeners.remove(l);
  }

  /**
   * Starts (or keeps) polling an instance; a new client (endpoint or credentials changed) replaces
   * the old.
   */
  public void register(String instanceKey, NodeClient client) {
    Entry e = entries.computeIfAbsent(instanceKey, k -> new Entry());
    synchronized (e) {
      if (e.client != client) {
        e.client = client;
        e.snapshot = null;
      }
      if (e.task == null) {
        e.task =
            poller.scheduleWithFixedDelay(
                () -> poll(instanceKey),
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
      }
    }
  }

  public void unregister(String instanceKey) {
    Entry e = entries.remove(instanceKey);
    if (e != null) {
      synchronized (e) {
        if (e.task != null) {
          e.task.cancel(false);
        }
      }
    }
  }

  public boolean registered(String instanceKey) {
    return entries.containsKey(instanceKey);
  }

  /**
   * The current snapshot of an instance, observed now if there is none yet (one caller observes,
   * the others wait for it). Throws the node's error when that observation fails.
   */
  public NodeSnapshot snapshot(String instanceKey) {
    Entry e = entries.get(instanceKey);
    if (e == null) {
      throw new IllegalStateException(
          "instance " + instanceKey + " is not registered for observation");
    }
    NodeSnapshot s = e.snapshot;
    if (s != null) {
      return s;
    }
    synchronized (e) {
      NodeSnapshot current = e.snapshot;
      if (current == null) {
        NodeClient c =
            Objects.requireNonNull(e.client, "no node client registered for " + instanceKey);
        current = observe(e, c, false);
        e.snapshot = current;
      }
      return current;
    }
  }

  /**
   * Records a change the operator itself made, in the current snapshot and for replay after a
   * running poll.
   */
  public void update(String instanceKey, Consumer<NodeSnapshot> change) {
    Entry e = entries.get(instanceKey);
    if (e == null) {
      return;
    }
    synchronized (e.journal) {
      e.journal.add(new Change(System.nanoTime(), change));
    }
    NodeSnapshot s = e.snapshot;
    if (s != null) {
      change.accept(s);
    }
  }

  public void bucketCreated(String key, String bucket) {
    update(key, s -> s.buckets.add(bucket));
  }

  public void bucketRemoved(String key, String bucket) {
    update(
        key,
        s -> {
          s.buckets.remove(bucket);
          s.sampledSettings.remove(bucket);
        });
  }

  public void bucketSettingsApplied(String key, String bucket) {
    update(key, s -> s.sampledSettings.remove(bucket));
  }

  public void userPut(String key, String accessKey, ObservedUser user) {
    update(key, s -> s.users.put(accessKey, user));
  }

  public void userRemoved(String key, String accessKey) {
    update(key, s -> s.users.remove(accessKey));
  }

  public void policyPut(String key, String name, JsonNode doc) {
    update(key, s -> s.policies.put(name, doc));
  }

  public void policyRemoved(String key, String name) {
    update(key, s -> s.policies.remove(name));
  }

  /** Polls one instance now (tests and the scheduled task). */
  public void poll(String instanceKey) {
    Entry e = entries.get(instanceKey);
    NodeClient c = e == null ? null : e.client;
    if (e == null || c == null) {
      return;
    }
    NodeSnapshot fresh;
    try {
      fresh = observe(e, c, true);
    } catch (RuntimeException ex) {
      LOG.warn("observing {} failed: {}", instanceKey, ex.getMessage());
      return;
    }
    e.snapshot = fresh;
    for (Listener l : listeners) {
      try {
        l.observed(instanceKey, fresh);
      } catch (RuntimeException ex) {
        LOG.warn("drift listener failed for {}", instanceKey, ex);
      }
    }
  }

  private NodeSnapshot observe(Entry e, NodeClient c, boolean sample) {
    long started = System.nanoTime();
    NodeSnapshot s = new NodeSnapshot(Instant.now());
    s.users.putAll(c.listUsers());
    s.policies.putAll(c.listCannedPolicies());
    s.buckets.addAll(c.listBuckets());
    readUsage(e, c, s);
    if (sample && bucketSamplesPerPoll > 0 && !s.buckets.isEmpty()) {
      List<String> names = new ArrayList<>(s.buckets);
      names.sort(null);
      for (int i = 0; i < Math.min(bucketSamplesPerPoll, names.size()); i++) {
        String b = names.get(Math.floorMod(e.cursor++, names.size()));
        try {
          BucketSettings settings = c.bucketSettings(b);
          s.sampledSettings.put(b, settings);
        } catch (RuntimeException ex) {
          LOG.debug("sampling settings of bucket {} failed: {}", b, ex.getMessage());
        }
      }
    }
    // replay what the operator changed while this observation ran; forget older changes
    synchronized (e.journal) {
      e.journal.removeIf(ch -> ch.at() < started - TimeUnit.SECONDS.toNanos(1));
      for (Change ch : e.journal) {
        ch.apply().accept(s);
      }
    }
    e.polls++;
    return s;
  }

  /**
   * The usage read: one call per poll, {@code datausageinfo} (every bucket's numbers and the
   * drives' totals), except every {@code storageInfoEveryPolls}-th poll, which reads {@code
   * storageinfo} (each node's drives) instead and keeps the previous bucket numbers; the first
   * observation reads both (as does the first poll after the instance's client changed). So usage
   * costs one call per poll and the per-poll budget holds. A node that cannot answer (an older
   * RustFS, a transient failure) still gives a snapshot, with the last numbers: usage is a report,
   * not something the reconcilers converge on.
   */
  private void readUsage(Entry e, NodeClient c, NodeSnapshot s) {
    NodeSnapshot previous = e.snapshot;
    boolean first = previous == null;
    boolean drivesPoll = first || e.polls % storageInfoEveryPolls == storageInfoEveryPolls - 1;
    if (previous != null) {
      s.usage = previous.usage;
      s.drives = previous.drives;
    }
    if (first || !drivesPoll) {
      try {
        s.usage = c.dataUsage();
      } catch (RuntimeException ex) {
        LOG.debug("reading the usage of {} failed: {}", c.access().endpoint(), ex.getMessage());
      }
    }
    if (drivesPoll) {
      try {
        s.drives = List.copyOf(c.drives());
      } catch (RuntimeException ex) {
        LOG.debug("reading the drives of {} failed: {}", c.access().endpoint(), ex.getMessage());
      }
    }
  }

  /** Scheduled polls made for an instance so far. */
  public long polls(String instanceKey) {
    Entry e = entries.get(instanceKey);
    return e == null ? 0 : e.polls;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    entries.clear();
  }
}
