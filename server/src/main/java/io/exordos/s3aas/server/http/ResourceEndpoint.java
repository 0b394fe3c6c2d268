package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.api.Errors;
import io.exordos.s3aas.server.api.Patches;
import io.exordos.s3aas.server.api.ResourceService;
import io.exordos.s3aas.server.api.WriteOptions;
import io.exordos.s3aas.server.api.WriteResult;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.ListPage;
import io.exordos.s3aas.server.store.ResourceKey;
import io.exordos.s3aas.server.store.Selector;
import io.exordos.s3aas.server.store.StoreException;
import io.exordos.s3aas.server.watch.Subscription;
import io.exordos.s3aas.server.watch.WatchHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The verbs on one kind: list, watch, get, create, update, patch, delete, and /status. */
final class ResourceEndpoint {
  private static final long DEFAULT_WATCH_SECONDS = 1800;
  private static final long WATCH_IDLE_MARGIN_MS = 60_000;

  private final ResourceService service;
  private final WatchHub hub;
  private final ObjectMapper json;
  private final WatchStream watches;
  private final WatchQuota quota = new WatchQuota();

  ResourceEndpoint(ResourceService service, WatchHub hub, ObjectMapper json) {
    this.service = service;
    this.hub = hub;
    this.json = json;
    this.watches = new WatchStream(json, service.clock());
  }

  /** A request on a collection: {@code namespace} null means across all namespaces. */
  void collection(Exchange ex, ResourceType type, @Nullable String namespace) throws IOException {
    switch (ex.method()) {
      case "GET" -> {
        if (ex.queryFlag("watch")) {
          watch(ex, type, namespace);
        } else {
          list(ex, type, namespace);
        }
      }
      case "POST" -> {
        if (namespace == null && type.namespaced()) {
          throw ApiException.methodNotAllowed(
              "create needs a namespace: POST to "
                  + type.basePath()
                  + "/namespaces/{namespace}/"
                  + type.plural());
        }
        JsonNode body = ex.readJson(strict(ex));
        // a cluster-scoped kind has no namespace: its key's namespace is empty
        WriteResult r =
            service.create(type, namespace == null ? "" : namespace, asObject(body), options(ex));
        answerWrite(ex, r, 201);
      }
      default ->
          throw ApiException.methodNotAllowed(
              "the server does not allow this method on the requested resource");
    }
  }

  void item(Exchange ex, ResourceKey key, boolean status) throws IOException {
    switch (ex.method()) {
      case "GET" -> {
        QueryOptions.resourceVersion(ex);
        ObjectNode o = service.get(key);
        if (Tables.wanted(ex.header("Accept"))) {
          ex.sendJson(
              200,
              Tables.table(
                  json,
                  key.type(),
                  List.of(o),
                  service.clock().instant(),
                  json.createObjectNode()
                      .put(
                          "resourceVersion", o.path("metadata").path("resourceVersion").asText())));
        } else {
          ex.sendJson(200, o);
        }
      }
      case "PUT" ->
          answerWrite(
              ex, service.update(key, asObject(ex.readJson(strict(ex))), options(ex), status), 200);
      case "PATCH" -> {
        Patches.Type patchType = Patches.Type.fromContentType(ex.header("Content-Type"));
        answerWrite(
            ex, service.patch(key, patchType, ex.readJson(strict(ex)), options(ex), status), 200);
      }
      case "DELETE" -> {
        if (status) {
          throw ApiException.methodNotAllowed("the status subresource cannot be deleted");
        }
        JsonNode deleteOptions = ex.readOptionalJson();
        QueryOptions.checkDeleteOptions(ex, deleteOptions);
        ex.sendJson(200, service.delete(key, deleteOptions, isDryRun(ex)));
      }
      default ->
          throw ApiException.methodNotAllowed(
              "the server does not allow this method on the requested resource");
    }
  }

  private void list(Exchange ex, ResourceType type, @Nullable String namespace) throws IOException {
    QueryOptions.checkResourceVersionMatch(ex, false);
    Long rv = QueryOptions.resourceVersion(ex);
    Selector selector = selector(ex, type);
    int limit = parseInt(ex.query("limit"), "limit");
    String continueToken = emptyToNull(ex.query("continue"));
    if (rv != null && rv > 0) { // 0 is "any": never too large, and asks for no extra query
      long last = service.lastAssignedRevision();
      if (rv > last) {
        ex.addHeader("Retry-After", "1");
        throw QueryOptions.tooLargeResourceVersion(rv, last);
      }
    }
    boolean table = Tables.wanted(ex.header("Accept"));
    if (limit == 0 && continueToken == null && !table) {
      // A whole list (an informer's relist) can be 100,000 objects: written as it is read.
      StreamedList answer = new StreamedList(ex, type, rv);
      service.streamList(type, namespace, selector, answer);
      answer.finish();
      return;
    }
    ListPage page = service.list(type, namespace, selector, limit, continueToken);
    checkExactRevision(ex, rv, page.revision());
    ObjectNode meta = json.createObjectNode();
    meta.put("resourceVersion", Long.toString(page.revision()));
    if (page.continueToken() != null) {
      meta.put("continue", page.continueToken());
    }
    if (table) {
      ex.sendJson(200, Tables.table(json, type, page.items(), service.clock().instant(), meta));
      return;
    }
    ObjectNode list = json.createObjectNode();
    list.put("apiVersion", type.apiVersion());
    list.put("kind", type.listKind());
    list.set("metadata", meta);
    ArrayNode items = list.putArray("items");
    page.items().forEach(items::add);
    ex.sendJson(200, list);
  }

  /** resourceVersionMatch=Exact lists only the current revision: there is no older state kept. */
  static void checkExactRevision(Exchange ex, @Nullable Long rv, long revision) {
    if (rv != null && "Exact".equals(ex.query("resourceVersionMatch")) && rv != revision) {
      throw Errors.gone(
          "resourceVersionMatch=Exact can only list the current revision ("
              + revision
              + "), not "
              + rv
              + "; list without it to get the current state");
    }
  }

  private void watch(Exchange ex, ResourceType type, @Nullable String namespace)
      throws IOException {
    String upgrade = ex.header("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      // No WebSocket here: a plain 200 makes fabric8 fall back to an HTTP watch at once.
      ex.sendText(200, "application/json", "");
      return;
    }
    QueryOptions.checkResourceVersionMatch(ex, true);
    Long rv = QueryOptions.resourceVersion(ex);
    Selector selector = selector(ex, type);
    List<ObjectNode> initial = List.of();
    long from;
    if (rv == null || rv == 0) {
      // "Start at most recent": the current state as ADDED events, then changes after it.
      ListPage page = service.list(type, namespace, selector, 0, null);
      initial = page.items();
      from = page.revision();
    } else {
      from = rv;
      if (from > hub.deliveredRevision()) {
        long last = service.lastAssignedRevision();
        if (from > last) {
          // A watch from the future would stream nothing, silently, until that revision came.
          ex.addHeader("Retry-After", "1");
          throw QueryOptions.tooLargeResourceVersion(from, last);
        }
      }
    }
    String timeoutSeconds = emptyToNull(ex.query("timeoutSeconds"));
    long timeout =
        timeoutSeconds == null ? DEFAULT_WATCH_SECONDS : parseInt(timeoutSeconds, "timeoutSeconds");
    WatchQuota.Slot slot = quota.acquire(ex.caller());
    try {
      stream(ex, type, namespace, selector, from, initial, timeout);
    } finally {
      slot.close();
    }
  }

  private void stream(
      Exchange ex,
      ResourceType type,
      @Nullable String namespace,
      Selector selector,
      long from,
      List<ObjectNode> initial,
      long timeout)
      throws IOException {
    Subscription subscription;
    try {
      subscription = hub.subscribe(type, namespace, selector, from);
    } catch (StoreException e) {
      watches.expired(ex, new ApiException(410, "Expired", e.getMessage()));
      return;
    }
    ex.keepOpenFor(TimeUnit.SECONDS.toMillis(timeout) + WATCH_IDLE_MARGIN_MS);
    try {
      watches.stream(
          ex,
          type,
          subscription,
          initial,
          timeout,
          ex.queryFlag("allowWatchBookmarks"),
          Tables.wanted(ex.header("Accept")));
    } finally {
      ex.keepOpenFor(ApiHandler.IDLE_TIMEOUT_MS);
    }
  }

  private void answerWrite(Exchange ex, WriteResult r, int createdCode) throws IOException {
    for (String w : r.warnings()) {
      ex.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
    }
    int code = r.created() ? createdCode : 200;
    String stored = r.json();
    if (stored != null) {
      ex.sendBytes(code, "application/json", stored.getBytes(StandardCharsets.UTF_8));
    } else {
      ex.sendJson(code, r.object());
    }
  }

  private static ObjectNode asObject(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  private static boolean strict(Exchange ex) {
    return "Strict".equalsIgnoreCase(ex.query("fieldValidation"));
  }

  private static WriteOptions options(Exchange ex) {
    String fv = ex.query("fieldValidation");
    if (fv != null && !List.of("Strict", "Warn", "Ignore").contains(fv)) {
      throw ApiException.badRequest(
          "fieldValidation must be one of Strict, Warn or Ignore, not \"" + fv + "\"");
    }
    return new WriteOptions(isDryRun(ex), fv == null ? "Warn" : fv, ex.writeGuard());
  }

  private static boolean isDryRun(Exchange ex) {
    String d = ex.query("dryRun");
    if (d != null && !d.equals("All")) {
      throw ApiException.badRequest("dryRun must be All, not \"" + d + "\"");
    }
    return d != null;
  }

  private static Selector selector(Exchange ex, ResourceType type) {
    try {
      boolean events = type.group().isEmpty() && type.plural().equals("events");
      return Selector.parse(ex.query("labelSelector"), ex.query("fieldSelector"), events);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          Objects.requireNonNullElse(e.getMessage(), "invalid label or field selector"));
    }
  }

  private static int parseInt(@Nullable String v, String name) {
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a non-negative integer, not \"" + v + "\"");
    }
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
