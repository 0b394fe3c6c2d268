package io.exordos.s3aas.server.store;

import static io.exordos.s3aas.server.store.jooq.Tables.CHANGES;
import static io.exordos.s3aas.server.store.jooq.Tables.COMPACTION;
import static io.exordos.s3aas.server.store.jooq.Tables.RESOURCES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceRegistry;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.jooq.tables.records.ChangesRecord;
import io.exordos.s3aas.server.store.jooq.tables.records.ResourcesRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Desired state in PostgreSQL: one row per object plus a log of changes that watches and
 * consistent lists are served from.
 *
 * <p>Every write runs in its own transaction that first takes a revision from {@code
 * next_revision()} (see the migration for why revision order then equals commit visibility
 * order), locks the object's row, lets the caller decide, and records the change. Reads that must
 * line up with watches ({@link #list}) run at a watermark revision: the newest revision below
 * which no write is still in flight.
 */
public final class ResourceStore {
  private static final int FETCH_SIZE = 500;

  private final DSLContext dsl;
  private final ObjectCodec codec;
  private final ResourceRegistry registry;
  private volatile Runnable afterCommit = () -> { };

  public ResourceStore(DSLContext dsl, ObjectCodec codec, ResourceRegistry registry) {
    this.dsl = dsl;
    this.codec = codec;
    this.registry = registry;
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
   * Reads the object under a row lock, lets {@code mutation} decide, and commits the outcome with
   * one new revision.
   *
   * @return the object as stored (for a removal, its last state; for Keep, what Keep carried)
   */
  public ObjectNode write(ResourceKey key, Mutation mutation) {
    try {
      boolean[] changed = new boolean[1];
      ObjectNode result = dsl.transactionResult(cfg -> {
        ObjectNode r = writeInTransaction(cfg.dsl(), key, mutation, changed);
        return r;
      });
      if (changed[0]) {
        afterCommit.run();
      }
      return result;
    } catch (DataAccessException e) {
      if ("23505".equals(e.sqlState())) {
        throw new StoreException(StoreException.Reason.ALREADY_EXISTS, key + " already exists");
      }
      throw e;
    }
  }

  private ObjectNode writeInTransaction(DSLContext tx, ResourceKey key, Mutation mutation, boolean[] changed) {
    // Must be the transaction's first write: it fixes this transaction's place in the order.
    Record2<Long, Long> next =
        tx.resultQuery("select revision, txid from next_revision()")
            .coerce(DSL.field("revision", Long.class), DSL.field("txid", Long.class))
            .fetchOne();
    long revision = next.value1();
    long txid = next.value2();
    ResourcesRecord row = tx.selectFrom(RESOURCES).where(keyCondition(key)).forUpdate().fetchOne();
    ObjectNode current = row == null ? null : codec.decode(key.type(), row.getObject());
    Mutation.Outcome outcome = mutation.decide(current, revision);
    if (outcome instanceof Mutation.Keep keep) {
      return keep.object();
    }
    changed[0] = true;
    String previousText = row == null ? null : row.getObject();
    if (outcome instanceof Mutation.Put put) {
      String text = codec.encode(key.type(), put.object());
      ResourcesRecord next0 = row == null ? tx.newRecord(RESOURCES) : row;
      fill(next0, key, put.object(), text, revision);
      if (row == null) {
        next0.insert();
      } else {
        next0.update();
      }
      logChange(tx, key, revision, txid, row == null ? Change.ADDED : Change.MODIFIED, text, previousText);
      return put.object();
    }
    Mutation.Remove remove = (Mutation.Remove) outcome;
    tx.deleteFrom(RESOURCES).where(keyCondition(key)).execute();
    String text = codec.encode(key.type(), remove.lastState());
    logChange(tx, key, revision, txid, Change.DELETED, text, previousText);
    return remove.lastState();
  }

  private void fill(ResourcesRecord r, ResourceKey key, ObjectNode object, String text, long rev) {
    JsonNode meta = object.path("metadata");
    r.setApiGroup(key.type().group());
    r.setResource(key.type().plural());
    r.setNamespace(key.namespace());
    r.setName(key.name());
    r.setUid(UUID.fromString(meta.path("uid").asText()));
    r.setRevision(rev);
    r.setGeneration(meta.path("generation").asLong(0));
    r.setLabels(JSONB.valueOf(codec.write(meta.path("labels").isObject() ? meta.path("labels") : codec.json().createObjectNode())));
    r.setObject(text);
    r.setCreatedAt(OffsetDateTime.parse(meta.path("creationTimestamp").asText()));
  }

  private static void logChange(
      DSLContext tx, ResourceKey key, long revision, long txid, String type, String object, String previous) {
    tx.insertInto(CHANGES)
        .set(CHANGES.REVISION, revision)
        .set(CHANGES.TXID, txid)
        .set(CHANGES.API_GROUP, key.type().group())
        .set(CHANGES.RESOURCE, key.type().plural())
        .set(CHANGES.NAMESPACE, key.namespace())
        .set(CHANGES.NAME, key.name())
        .set(CHANGES.TYPE, type)
        .set(CHANGES.OBJECT, object)
        .set(CHANGES.PREV_OBJECT, previous)
        .set(CHANGES.CHANGED_AT, OffsetDateTime.now(ZoneOffset.UTC))
        .execute();
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
      ResourceType type, String namespace, Selector selector, int limit, String continueToken) {
    ContinueToken from = continueToken == null ? null : ContinueToken.decode(continueToken);
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = cfg.dsl();
          tx.execute("set transaction isolation level repeatable read, read only");
          long revision = from != null ? from.revision() : watermark(tx);
          if (from != null && revision < compactedRevision(tx)) {
            throw new StoreException(
                StoreException.Reason.EXPIRED,
                "The provided continue parameter is too old to display a consistent list result."
                    + " You can start a new list without the continue parameter.");
          }
          String after = from == null ? null : from.lastKey();
          Map<String, ObjectNode> before = statesBeforeLaterChanges(tx, type, namespace, revision, after);
          return mergePage(tx, type, namespace, selector, limit, revision, after, before);
        });
  }

  /** For each object changed after {@code revision}: its state at that revision (null if none). */
  private Map<String, ObjectNode> statesBeforeLaterChanges(
      DSLContext tx, ResourceType type, String namespace, long revision, String after) {
    Map<String, ObjectNode> result = new TreeMap<>();
    Condition scope =
        CHANGES.API_GROUP.eq(type.group()).and(CHANGES.RESOURCE.eq(type.plural())).and(CHANGES.REVISION.gt(revision));
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
      String namespace,
      Selector selector,
      int limit,
      long revision,
      String after,
      Map<String, ObjectNode> before) {
    List<ObjectNode> items = new ArrayList<>();
    TreeMap<String, ObjectNode> pending = new TreeMap<>(before);
    String lastKey = null;
    boolean more = false;
    try (Cursor<ResourcesRecord> rows = currentRows(tx, type, namespace, selector, revision, after)) {
      for (ResourcesRecord row : rows) {
        String key = sortKey(row.getNamespace(), row.getName());
        // Objects changed later, ordered before this row, come first.
        while (!pending.isEmpty() && pending.firstKey().compareTo(key) < 0) {
          var e = pending.pollFirstEntry();
          if (e.getValue() != null && selector.matches(e.getValue())) {
            if (limit > 0 && items.size() == limit) {
              more = true;
              break;
            }
            items.add(e.getValue());
            lastKey = e.getKey();
          }
        }
        if (more) {
          break;
        }
        ObjectNode object = codec.decode(type, row.getObject());
        if (!selector.matches(object)) {
          continue;
        }
        if (limit > 0 && items.size() == limit) {
          more = true;
          break;
        }
        items.add(object);
        lastKey = key;
      }
    }
    while (!more && !pending.isEmpty()) {
      var e = pending.pollFirstEntry();
      if (e.getValue() != null && selector.matches(e.getValue())) {
        if (limit > 0 && items.size() == limit) {
          more = true;
          break;
        }
        items.add(e.getValue());
        lastKey = e.getKey();
      }
    }
    String token = more ? new ContinueToken(revision, lastKey).encode() : null;
    return new ListPage(items, revision, token);
  }

  private Cursor<ResourcesRecord> currentRows(
      DSLContext tx, ResourceType type, String namespace, Selector selector, long revision, String after) {
    Condition where =
        RESOURCES.API_GROUP.eq(type.group()).and(RESOURCES.RESOURCE.eq(type.plural())).and(RESOURCES.REVISION.le(revision));
    if (namespace != null) {
      where = where.and(RESOURCES.NAMESPACE.eq(namespace));
    }
    if (selector.exactName() != null) {
      where = where.and(RESOURCES.NAME.eq(selector.exactName()));
    }
    Map<String, String> equalities = selector.labelEqualities();
    if (!equalities.isEmpty()) {
      where = where.and(DSL.condition("{0} @> {1}", RESOURCES.LABELS, JSONB.valueOf(codec.write(codec.json().valueToTree(equalities)))));
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
            .where(DSL.condition("{0} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint", CHANGES.TXID))
            .orderBy(CHANGES.REVISION.desc())
            .limit(1)
            .fetchOne(CHANGES.REVISION);
    return top != null ? top : compactedRevision(tx);
  }

  public long watermark() {
    return watermark(dsl);
  }

  /**
   * Changes after {@code revision} whose transactions have all finished, in revision order. A
   * change still hidden behind an older in-flight transaction waits for the next call.
   */
  public List<Change> completedChangesAfter(long revision, int max) {
    return dsl.selectFrom(CHANGES)
        .where(CHANGES.REVISION.gt(revision))
        .and(DSL.condition("{0} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint", CHANGES.TXID))
        .orderBy(CHANGES.REVISION)
        .limit(max)
        .fetch(this::toChange);
  }

  /** Whether any change after {@code revision} exists, committed or not yet deliverable. */
  public boolean anyChangeAfter(long revision) {
    return dsl.fetchExists(dsl.selectOne().from(CHANGES).where(CHANGES.REVISION.gt(revision)));
  }

  private Change toChange(ChangesRecord r) {
    ResourceType type =
        registry
            .findByResource(r.getApiGroup(), r.getResource())
            .orElseThrow(() -> new IllegalStateException("unknown resource " + r.getResource()));
    return new Change(
        r.getRevision(),
        r.getApiGroup(),
        r.getResource(),
        r.getNamespace(),
        r.getName(),
        r.getType(),
        codec.decode(type, r.getObject()),
        r.getPrevObject() == null ? null : codec.decode(type, r.getPrevObject()));
  }

  public long compactedRevision() {
    return compactedRevision(dsl);
  }

  private static long compactedRevision(DSLContext ctx) {
    return ctx.select(COMPACTION.REVISION).from(COMPACTION).where(COMPACTION.ID.eq(1)).fetchOne(COMPACTION.REVISION);
  }

  /**
   * Forgets changes at or below {@code revision}, which must be at or below the watermark. Watches
   * and continue tokens from before it then answer 410 Gone, as Kubernetes does after compaction.
   */
  public int compact(long revision) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = cfg.dsl();
          tx.update(COMPACTION).set(COMPACTION.REVISION, DSL.greatest(COMPACTION.REVISION, DSL.val(revision))).where(COMPACTION.ID.eq(1)).execute();
          return tx.deleteFrom(CHANGES).where(CHANGES.REVISION.le(revision)).execute();
        });
  }

  /** The newest revision whose change is older than {@code cutoff}, a candidate for compaction. */
  public long newestRevisionBefore(OffsetDateTime cutoff) {
    Long r = dsl.select(DSL.max(CHANGES.REVISION)).from(CHANGES).where(CHANGES.CHANGED_AT.lt(cutoff)).fetchOne(0, Long.class);
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
        .where(RESOURCES.API_GROUP.eq(type.group()), RESOURCES.RESOURCE.eq(type.plural()), RESOURCES.CREATED_AT.lt(cutoff))
        .orderBy(RESOURCES.CREATED_AT)
        .limit(max)
        .fetch(r -> new ResourceKey(type, r.value1(), r.value2()));
  }

  private static Condition keyCondition(ResourceKey key) {
    return RESOURCES.API_GROUP.eq(key.type().group())
        .and(RESOURCES.RESOURCE.eq(key.type().plural()))
        .and(RESOURCES.NAMESPACE.eq(key.namespace()))
        .and(RESOURCES.NAME.eq(key.name()));
  }
}
