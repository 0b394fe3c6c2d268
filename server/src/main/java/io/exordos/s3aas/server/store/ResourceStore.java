package io.exordos.s3aas.server.store;

import static io.exordos.s3aas.server.store.jooq.Tables.CHANGES;
import static io.exordos.s3aas.server.store.jooq.Tables.COMPACTION;
import static io.exordos.s3aas.server.store.jooq.Tables.RESOURCES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.jooq.tables.records.ResourcesRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jooq.Condition;
import org.jooq.ConnectionCallable;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desired state in PostgreSQL: one row per object plus a log of changes that watches and consistent
 * lists are served from.
 *
 * <p>Writes are optimistic and hold no lock while the caller decides: {@link #write} reads the
 * object and its revision, lets the {@link Mutation} decide, then one statement in its own
 * transaction (the migration's create_object, update_object or delete_object) takes a revision from
 * {@code next_revision()} (see the migration for why revision order then equals commit visibility
 * order), writes on condition that the object still has the revision read, and records the change;
 * if another writer came first, it reads and asks again. Reads that must line up with watches
 * ({@link #list}) run at a watermark revision: the newest revision below which no write is still in
 * flight.
 */
public final class ResourceStore {
  private static final int FETCH_SIZE = 500;
  private static final int MAX_ATTEMPTS = 20;

  /**
   * How long a list waits for in-flight writes older than its callers' own (see atCurrentRevision).
   */
  static final Duration CONSISTENT_LIST_WAIT = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(ResourceStore.class);

  /** Replaced by the write functions with the revision they take. */
  private static final String REVISION_PLACEHOLDER = "~rv~";

  /**
   * What the write functions look for: {@code replace(p_object, '"resourceVersion":"~rv~"', ...)}.
   */
  private static final String PLACEHOLDER_FIELD =
      "\"resourceVersion\":\"" + REVISION_PLACEHOLDER + "\"";

  /**
   * The changes the watch hub may deliver (see {@link #completedChangesAfter}), read after every
   * burst of writes: plain JDBC and only the columns a {@link Change} needs, since mapping jOOQ
   * records of the whole row cost the hub most of its CPU.
   */
  private static final String COMPLETED_CHANGES =
      "select revision, api_group, resource, namespace, name, type, object, prev_object"
          + " from changes where revision > ?"
          + " and txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
          + " order by revision limit ?";

  /** create_object's answers when the namespace is missing or being deleted. */
  private static final long NAMESPACE_MISSING = -1;

  private final DSLContext dsl;
  private final ObjectCodec codec;
  private final ResourceRegistry registry;
  private final Timer readTimer;
  private final Timer writeTimer;
  private final Counter consistentListWaits;
  private volatile Runnable afterCommit = () -> {};

  /**
   * @param readTimer times the watch hub's change reads, and {@code writeTimer} the write
   *     functions: both bypass jOOQ, and so its statement timer
   * @param consistentListWaits counts the lists that had to wait for older in-flight writes
   */
  public ResourceStore(
      DSLContext dsl,
      ObjectCodec codec,
      ResourceRegistry registry,
      Timer readTimer,
      Timer writeTimer,
      Counter consistentListWaits) {
    this.dsl = dsl;
    this.codec = codec;
    this.registry = registry;
    this.readTimer = readTimer;
    this.writeTimer = writeTimer;
    this.consistentListWaits = consistentListWaits;
  }

  /** Runs after every committed change (the watch hub wakes and other replicas are told). */
  public void afterCommit(Runnable hook) {
    this.afterCommit = hook;
  }

  public ObjectCodec codec() {
    return codec;
  }

  public Optional<ObjectNode> get(ResourceKey key) {
    return dsl.select(RESOURCES.OBJECT)
        .from(RESOURCES)
        .where(keyCondition(key))
        .fetchOptional(RESOURCES.OBJECT)
        .map(text -> codec.decode(key.type(), text));
  }

  /**
   * Decides and writes one change to one object, optimistically: read the object, let {@code
   * mutation} decide, then write on condition that the object still has the revision read. If it
   * changed meanwhile, read and decide again. Each write is one statement in its own transaction
   * (see the migration's create_object, update_object and delete_object).
   *
   * @param assumeAbsent skip the first read (creates), falling back to a read on conflict
   * @return the object as stored (for a removal, its last state; for Keep, what Keep carried), and
   *     its stored text when that is also the answer
   */
  public StoredWrite write(ResourceKey key, Mutation mutation, boolean assumeAbsent) {
    boolean read = !assumeAbsent;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Stored current = read ? readStored(key) : null;
      read = true;
      Mutation.Outcome outcome = mutation.decide(current == null ? null : current.object());
      if (outcome instanceof Mutation.Keep keep) {
        return StoredWrite.objectOnly(keep.object());
      }
      ObjectNode result;
      String text;
      Long revision;
      if (outcome instanceof Mutation.Put put) {
        result = put.object();
        text = encodeWithPlaceholder(key.type(), result);
        revision =
            current == null
                ? createObject(key, result, text)
                : updateObject(key, current.revision(), result, text);
        if (revision != null && revision < 0) {
          throw revision == NAMESPACE_MISSING
              ? new StoreException(StoreException.Reason.NAMESPACE_MISSING, key.namespace())
              : new StoreException(StoreException.Reason.NAMESPACE_TERMINATING, key.namespace());
        }
      } else {
        result = ((Mutation.Remove) outcome).lastState();
        if (current == null) {
          throw new IllegalStateException("a removal was decided for an absent object " + key);
        }
        text = encodeWithPlaceholder(key.type(), result);
        revision = deleteObject(key, current.revision(), text);
      }
      if (revision != null) {
        afterCommit.run();
        String rv = Long.toString(revision);
        // the decision's object is the store's now (see Mutation): no copy needed to stamp it
        result.withObject("metadata").put("resourceVersion", rv);
        return new StoredWrite(result, key.type().isSecret() ? null : withRevision(text, rv));
      }
    }
    throw new StoreException(
        StoreException.Reason.CONTENDED,
        key + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
  }

  private record Stored(ObjectNode object, long revision) {}

  private @Nullable Stored readStored(ResourceKey key) {
    return dsl.select(RESOURCES.OBJECT, RESOURCES.REVISION)
        .from(RESOURCES)
        .where(keyCondition(key))
        .fetchOptional()
        .map(r -> new Stored(codec.decode(key.type(), r.value1()), r.value2()))
        .orElse(null);
  }

  /**
   * The text to store, with the placeholder the write functions replace by the revision they take.
   * The object itself carries the placeholder only while it is encoded: a write that lost a race is
   * decided again from a fresh read, so nobody sees it.
   */
  private String encodeWithPlaceholder(ResourceType type, ObjectNode object) {
    ObjectNode meta = object.withObject("metadata");
    JsonNode before = meta.get("resourceVersion");
    meta.put("resourceVersion", REVISION_PLACEHOLDER);
    try {
      return codec.encode(type, object);
    } finally {
      if (before == null) {
        meta.remove("resourceVersion");
      } else {
        meta.set("resourceVersion", before);
      }
    }
  }

  /** The stored text, byte for byte: the same replacement the write functions make in SQL. */
  static String withRevision(String text, String revision) {
    return text.replace(PLACEHOLDER_FIELD, "\"resourceVersion\":\"" + revision + "\"");
  }

  private @Nullable Long createObject(ResourceKey key, ObjectNode object, String text) {
    JsonNode meta = object.path("metadata");
    return callWriteFunction(
        "select create_object(?, ?, ?, ?, ?::uuid, ?, ?::jsonb, ?, ?::timestamptz)",
        key.type().group(),
        key.type().plural(),
        key.namespace(),
        key.name(),
        meta.path("uid").asText(),
        meta.path("generation").asLong(0),
        labels(object),
        text,
        meta.path("creationTimestamp").asText());
  }

  private @Nullable Long updateObject(
      ResourceKey key, long expected, ObjectNode object, String text) {
    return callWriteFunction(
        "select update_object(?, ?, ?, ?, ?, ?, ?::jsonb, ?)",
        key.type().group(),
        key.type().plural(),
        key.namespace(),
        key.name(),
        expected,
        object.path("metadata").path("generation").asLong(0),
        labels(object),
        text);
  }

  private @Nullable Long deleteObject(ResourceKey key, long expected, String lastState) {
    return callWriteFunction(
        "select delete_object(?, ?, ?, ?, ?, ?)",
        key.type().group(),
        key.type().plural(),
        key.namespace(),
        key.name(),
        expected,
        lastState);
  }

  /**
   * Calls one of the write functions over plain JDBC and returns its answer (null: the object
   * changed or exists). These three statements are every write's hot path and never change; run
   * through jOOQ's plain-SQL API they cost about 15 % of the server's CPU under a create load
   * (parsing the template, wrapping each bind value, reading result metadata, on every call). Each
   * call is its own transaction (auto-commit), as before; pgjdbc prepares the statement on the
   * server after a few uses of the same connection.
   */
  private @Nullable Long callWriteFunction(String sql, Object... args) {
    return overJdbc(
        writeTimer,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              statement.setObject(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
              if (!result.next()) {
                throw new IllegalStateException("no answer from " + sql);
              }
              long revision = result.getLong(1);
              return result.wasNull() ? null : revision;
            }
          }
        });
  }

  /**
   * Runs a plain-JDBC statement on a pooled connection, timed as jOOQ's statement timer would (it
   * does not see these), so {@code s3aas_store_queries} keeps counting every statement.
   */
  private <T> T overJdbc(Timer timer, ConnectionCallable<T> work) {
    long start = System.nanoTime();
    try {
      return dsl.connectionResult(work);
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private String labels(ObjectNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    return labels.isObject() ? codec.write(labels) : "{}";
  }

  /**
   * Lists objects as they were at one revision, in (namespace, name) order.
   *
   * <p>The page is exact: objects changed after the revision are shown in their state before that
   * change (taken from the change log), so a watch from the returned revision neither misses nor
   * repeats anything. A continue token carries the revision, so every page of one list shows the
   * same moment, as Kubernetes promises.
   *
   * @param namespace null for all namespaces
   * @param limit 0 for no limit
   */
  public ListPage list(
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      int limit,
      @Nullable String continueToken) {
    if (continueToken != null) {
      ContinueToken from = ContinueToken.decode(continueToken);
      return dsl.transactionResult(
          cfg -> {
            DSLContext tx = readOnlySnapshot(cfg.dsl());
            if (from.revision() < compactedRevision(tx)) {
              throw new StoreException(
                  StoreException.Reason.EXPIRED,
                  "The provided continue parameter is too old to display a consistent list result."
                      + " You can start a new list without the continue parameter.");
            }
            return listAt(tx, type, namespace, selector, limit, from.revision(), from.lastKey());
          });
    }
    return atCurrentRevision(
        type, (tx, revision) -> listAt(tx, type, namespace, selector, limit, revision, null));
  }

  /** Receives a whole list as it is read: its revision first, then each item in order. */
  public interface ListSink {
    void start(long revision) throws IOException;

    void item(ObjectNode object) throws IOException;
  }

  /**
   * The whole current list (as {@link #list} without a limit), handed to {@code sink} item by item
   * as the cursor reads them, so that an answer of 100,000 objects is never held in memory whole.
   * The snapshot, and its pooled connection, stay open until the sink has taken the last item.
   *
   * @throws IOException what the sink threw; items may have been handed over before it
   */
  public void streamList(
      ResourceType type, @Nullable String namespace, Selector selector, ListSink sink)
      throws IOException {
    try {
      atCurrentRevision(
          type,
          (tx, revision) -> {
            try {
              sink.start(revision);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            Map<String, @Nullable ObjectNode> before =
                statesBeforeLaterChanges(tx, type, namespace, revision, null);
            merge(
                tx,
                type,
                namespace,
                new PageBuilder(selector, 0, sink::item),
                revision,
                null,
                before);
            return revision;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Runs {@code read} in a snapshot that shows every write committed before the call, as a
   * Kubernetes list without a resourceVersion does (a client lists what it has just created). The
   * watermark can trail such a write while an older transaction is still in flight; the read then
   * waits, in new snapshots, until the watermark has reached the newest change committed when it
   * started (milliseconds for this store's one-statement writes). After {@link
   * #CONSISTENT_LIST_WAIT} (a long transaction elsewhere on the PostgreSQL cluster holds back xmin)
   * it runs at the watermark, and the staleness is logged.
   */
  private <T> T atCurrentRevision(ResourceType type, SnapshotRead<T> read) {
    long deadline = System.nanoTime() + CONSISTENT_LIST_WAIT.toNanos();
    long target = -1;
    long pauseMillis = 1;
    while (true) {
      long required = target;
      boolean lastTry = target >= 0 && System.nanoTime() >= deadline;
      long[] committed = new long[1]; // the newest change committed before the first try
      Optional<T> result =
          dsl.transactionResult(
              cfg -> {
                DSLContext tx = readOnlySnapshot(cfg.dsl());
                long watermark = watermark(tx);
                long wanted = required >= 0 ? required : newestCommittedRevision(tx);
                committed[0] = wanted;
                if (watermark < wanted && !lastTry) {
                  return Optional.empty();
                }
                if (watermark < wanted) {
                  LOG.warn(
                      "list of {} served at revision {}, behind revision {} committed before it:"
                          + " a transaction older than it still runs on the PostgreSQL cluster"
                          + " after {}",
                      type.plural(),
                      watermark,
                      wanted,
                      CONSISTENT_LIST_WAIT);
                }
                return Optional.of(read.at(tx, watermark));
              });
      if (result.isPresent()) {
        return result.get();
      }
      if (target < 0) {
        target = committed[0];
        consistentListWaits.increment();
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deadline = System.nanoTime();
      }
      pauseMillis = Math.min(pauseMillis * 2, 20);
    }
  }

  /** A read made inside one snapshot at a revision. */
  private interface SnapshotRead<T> {
    T at(DSLContext tx, long revision);
  }

  private static DSLContext readOnlySnapshot(DSLContext tx) {
    tx.execute("set transaction isolation level repeatable read, read only");
    return tx;
  }

  /** The list as it was at {@code revision}, from one snapshot. */
  private ListPage listAt(
      DSLContext tx,
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      int limit,
      long revision,
      @Nullable String after) {
    Map<String, @Nullable ObjectNode> before =
        statesBeforeLaterChanges(tx, type, namespace, revision, after);
    return mergePage(tx, type, namespace, selector, limit, revision, after, before);
  }

  /** The newest change committed in this snapshot, whatever may still be in flight below it. */
  private static long newestCommittedRevision(DSLContext tx) {
    Long top =
        tx.select(CHANGES.REVISION)
            .from(CHANGES)
            .orderBy(CHANGES.REVISION.desc())
            .limit(1)
            .fetchOne(CHANGES.REVISION);
    return top != null ? top : compactedRevision(tx);
  }

  /** For each object changed after {@code revision}: its state at that revision (null if none). */
  private Map<String, @Nullable ObjectNode> statesBeforeLaterChanges(
      DSLContext tx,
      ResourceType type,
      @Nullable String namespace,
      long revision,
      @Nullable String after) {
    Map<String, @Nullable ObjectNode> result = new TreeMap<>();
    Condition scope =
        CHANGES
            .API_GROUP
            .eq(type.group())
            .and(CHANGES.RESOURCE.eq(type.plural()))
            .and(CHANGES.REVISION.gt(revision));
    if (namespace != null) {
      scope = scope.and(CHANGES.NAMESPACE.eq(namespace));
    }
    for (var r :
        tx.select(CHANGES.NAMESPACE, CHANGES.NAME, CHANGES.PREV_OBJECT)
            .distinctOn(CHANGES.NAMESPACE, CHANGES.NAME)
            .from(CHANGES)
            .where(scope)
            .orderBy(CHANGES.NAMESPACE, CHANGES.NAME, CHANGES.REVISION)
            .fetch()) {
      String key = sortKey(r.value1(), r.value2());
      if (after == null || key.compareTo(after) > 0) {
        result.put(key, r.value3() == null ? null : codec.decode(type, r.value3()));
      }
    }
    return result;
  }

  private ListPage mergePage(
      DSLContext tx,
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      int limit,
      long revision,
      @Nullable String after,
      Map<String, @Nullable ObjectNode> before) {
    List<ObjectNode> items = new ArrayList<>();
    PageBuilder page = new PageBuilder(selector, limit, items::add);
    merge(tx, type, namespace, page, revision, after, before);
    return new ListPage(items, revision, page.continueToken(revision));
  }

  /** Offers the objects at {@code revision} to {@code page}, in key order, until it is full. */
  private void merge(
      DSLContext tx,
      ResourceType type,
      @Nullable String namespace,
      PageBuilder page,
      long revision,
      @Nullable String after,
      Map<String, @Nullable ObjectNode> before) {
    TreeMap<String, @Nullable ObjectNode> pending = new TreeMap<>(before);
    try (Cursor<ResourcesRecord> rows =
        currentRows(tx, type, namespace, page.selector, revision, after)) {
      for (ResourcesRecord row : rows) {
        String key = sortKey(row.getNamespace(), row.getName());
        // Objects changed later, ordered before this row, come first.
        if (!page.drain(pending, key) || !page.offer(key, codec.decode(type, row.getObject()))) {
          break;
        }
      }
    }
    page.drain(pending, null);
  }

  /** Where a page's items go: a list, or straight to a streamed answer. */
  private interface ItemSink {
    void add(ObjectNode object) throws IOException;
  }

  /** Passes one page on from keys offered in order, stopping when the limit is passed. */
  private static final class PageBuilder {
    private final Selector selector;
    private final int limit;
    private final ItemSink out;
    private int count;
    private @Nullable String lastKey;
    private boolean more;

    PageBuilder(Selector selector, int limit, ItemSink out) {
      this.selector = selector;
      this.limit = limit;
      this.out = out;
    }

    /** Adds the object if it matches; false once the page is full and more items exist. */
    boolean offer(String key, @Nullable ObjectNode object) {
      if (more) {
        return false;
      }
      if (object == null || !selector.matches(object)) {
        return true;
      }
      if (limit > 0 && count == limit) {
        more = true;
        return false;
      }
      try {
        out.add(object);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      count++;
      lastKey = key;
      return true;
    }

    /** Offers the pending states ordered before {@code key} (all of them when key is null). */
    boolean drain(NavigableMap<String, @Nullable ObjectNode> pending, @Nullable String key) {
      while (!pending.isEmpty() && (key == null || pending.firstKey().compareTo(key) < 0)) {
        var e = pending.pollFirstEntry();
        if (!offer(e.getKey(), e.getValue())) {
          return false;
        }
      }
      return !more;
    }

    /** Where the next page starts, or null when this one was the last. */
    @Nullable String continueToken(long revision) {
      // more is set only when a full page (limit > 0 items) meets one item too many
      return more
          ? new ContinueToken(
                  revision, Objects.requireNonNull(lastKey, "a full page has a last key"))
              .encode()
          : null;
    }
  }

  private Cursor<ResourcesRecord> currentRows(
      DSLContext tx,
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      long revision,
      @Nullable String after) {
    Condition where =
        RESOURCES
            .API_GROUP
            .eq(type.group())
            .and(RESOURCES.RESOURCE.eq(type.plural()))
            .and(RESOURCES.REVISION.le(revision));
    if (namespace != null) {
      where = where.and(RESOURCES.NAMESPACE.eq(namespace));
    }
    if (selector.exactName() != null) {
      where = where.and(RESOURCES.NAME.eq(selector.exactName()));
    }
    Map<String, String> equalities = selector.labelEqualities();
    if (!equalities.isEmpty()) {
      where =
          where.and(
              DSL.condition(
                  "{0} @> {1}",
                  RESOURCES.LABELS,
                  JSONB.valueOf(codec.write(codec.json().valueToTree(equalities)))));
    }
    if (after != null) {
      String[] parts = after.split("\u0000", 2);
      where = where.and(DSL.row(RESOURCES.NAMESPACE, RESOURCES.NAME).gt(parts[0], parts[1]));
    }
    return tx.selectFrom(RESOURCES)
        .where(where)
        .orderBy(RESOURCES.NAMESPACE, RESOURCES.NAME)
        .fetchSize(FETCH_SIZE)
        .fetchLazy();
  }

  /** Namespace then name, separated by a character no name may contain, compared bytewise. */
  static String sortKey(String namespace, String name) {
    return namespace + "\u0000" + name;
  }

  /** The newest revision below which no write is in flight, as seen from this snapshot. */
  private long watermark(DSLContext tx) {
    Long top =
        tx.select(CHANGES.REVISION)
            .from(CHANGES)
            .where(
                DSL.condition(
                    "{0} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint", CHANGES.TXID))
            .orderBy(CHANGES.REVISION.desc())
            .limit(1)
            .fetchOne(CHANGES.REVISION);
    return top != null ? top : compactedRevision(tx);
  }

  public long watermark() {
    return watermark(dsl);
  }

  /**
   * The highest revision handed out so far, committed or not: no object or change is newer, so a
   * client asking for a later one asks for the future.
   */
  public long lastAssignedRevision() {
    Long last =
        dsl.resultQuery("select case when is_called then last_value else 0 end from revision_seq")
            .fetchOne(0, Long.class);
    return last == null ? 0 : last;
  }

  /**
   * Changes after {@code revision} whose transactions have all finished, in revision order. A
   * change still hidden behind an older in-flight transaction waits for the next call.
   */
  public List<Change> completedChangesAfter(long revision, int max) {
    return overJdbc(
        readTimer,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(COMPLETED_CHANGES)) {
            statement.setLong(1, revision);
            statement.setInt(2, max);
            List<Change> changes = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
              while (r.next()) {
                changes.add(toChange(r));
              }
            }
            return changes;
          }
        });
  }

  /** Whether any change after {@code revision} exists, committed or not yet deliverable. */
  public boolean anyChangeAfter(long revision) {
    return dsl.fetchExists(dsl.selectOne().from(CHANGES).where(CHANGES.REVISION.gt(revision)));
  }

  private Change toChange(ResultSet r) throws SQLException {
    String group = r.getString("api_group");
    String resource = r.getString("resource");
    ResourceType type =
        registry
            .findByResource(group, resource)
            .orElseThrow(() -> new IllegalStateException("unknown resource " + resource));
    return new Change(
        r.getLong("revision"),
        type,
        r.getString("namespace"),
        r.getString("name"),
        r.getString("type"),
        codec,
        r.getString("object"),
        r.getString("prev_object"));
  }

  public long compactedRevision() {
    return compactedRevision(dsl);
  }

  private static long compactedRevision(DSLContext ctx) {
    return ctx.select(COMPACTION.REVISION)
        .from(COMPACTION)
        .where(COMPACTION.ID.eq(1))
        .fetchOne(COMPACTION.REVISION);
  }

  /**
   * Forgets changes at or below {@code revision}, which must be at or below the watermark. Watches
   * and continue tokens from before it then answer 410 Gone, as Kubernetes does after compaction.
   */
  public int compact(long revision) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = cfg.dsl();
          tx.update(COMPACTION)
              .set(COMPACTION.REVISION, DSL.greatest(COMPACTION.REVISION, DSL.val(revision)))
              .where(COMPACTION.ID.eq(1))
              .execute();
          return tx.deleteFrom(CHANGES).where(CHANGES.REVISION.le(revision)).execute();
        });
  }

  /**
   * The newest revision whose change is older than {@code age}, a candidate for compaction. The age
   * is measured by PostgreSQL's clock, which stamped the changes, so a server whose clock differs
   * from the database's neither compacts too early nor keeps changes for ever.
   */
  public long newestRevisionOlderThan(Duration age) {
    Long r =
        dsl.select(DSL.max(CHANGES.REVISION))
            .from(CHANGES)
            .where(
                CHANGES.CHANGED_AT.lt(
                    DSL.field(
                        "now() - make_interval(secs => {0})",
                        OffsetDateTime.class, DSL.val((double) age.toMillis() / 1000))))
            .fetchOne(0, Long.class);
    return r == null ? 0 : r;
  }

  /** How many objects of any kind live in {@code namespace}. */
  public int countInNamespace(String namespace) {
    return dsl.fetchCount(RESOURCES, RESOURCES.NAMESPACE.eq(namespace));
  }

  /** Names of objects of {@code type} created before {@code cutoff}, oldest first. */
  public List<ResourceKey> createdBefore(ResourceType type, OffsetDateTime cutoff, int max) {
    return dsl.select(RESOURCES.NAMESPACE, RESOURCES.NAME)
        .from(RESOURCES)
        .where(
            RESOURCES.API_GROUP.eq(type.group()),
            RESOURCES.RESOURCE.eq(type.plural()),
            RESOURCES.CREATED_AT.lt(cutoff))
        .orderBy(RESOURCES.CREATED_AT)
        .limit(max)
        .fetch(r -> new ResourceKey(type, r.value1(), r.value2()));
  }

  private static Condition keyCondition(ResourceKey key) {
    return RESOURCES
        .API_GROUP
        .eq(key.type().group())
        .and(RESOURCES.RESOURCE.eq(key.type().plural()))
        .and(RESOURCES.NAMESPACE.eq(key.namespace()))
        .and(RESOURCES.NAME.eq(key.name()));
  }
}
