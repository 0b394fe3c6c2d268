package io.exordos.s3aas.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.api.ApiException;
import io.exordos.s3aas.server.registry.ResourceType;
import io.exordos.s3aas.server.store.Change;
import io.exordos.s3aas.server.watch.Subscription;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Streams watch events as newline-delimited JSON over a chunked HTTP/1.1 response, one flush per
 * event, exactly as kube-apiserver does for kubectl, client-go and fabric8's HTTP watches.
 */
final class WatchStream {
  /**
   * How long a watch stays silent before the server writes to it anyway: a BOOKMARK when the client
   * allows them, otherwise a blank line, which the JSON stream decoders of kubectl and client-go
   * skip. Only a write tells a server that its client went away (nothing is read from a watch's
   * connection), so this is what frees the thread, socket and quota slot of a dead watch on a quiet
   * resource: the second write after the client's close fails. fabric8 always asks for bookmarks;
   * it would fail on a blank line.
   */
  static final long HEARTBEAT_EVERY_MS = 2_000;

  /** How often a watch checks that its token is still valid (kube-apiserver never does). */
  static final long TOKEN_CHECK_EVERY_MS = 3_000;

  /** A watcher far behind still flushes now and then, so its client sees progress. */
  static final int MAX_EVENTS_PER_FLUSH = 64;

  private static final int FLUSH_BUFFER_BYTES = 16 * 1024;

  private final ObjectMapper json;
  private final Clock clock;

  WatchStream(ObjectMapper json, Clock clock) {
    this.clock = clock;
    this.json = json;
  }

  /**
   * @param initial synthetic ADDED events sent first (the state when resourceVersion was 0)
   * @param timeoutSeconds when the server ends the stream; the client then resumes
   */
  void stream(
      Exchange ex,
      ResourceType type,
      Subscription subscription,
      List<ObjectNode> initial,
      long timeoutSeconds,
      boolean bookmarks,
      boolean table)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_EVERY_MS;
    long nextTokenCheck = System.currentTimeMillis() + TOKEN_CHECK_EVERY_MS;
    try (subscription;
        OutputStream out = lineBuffered(ex.startStream(200, "application/json"))) {
      for (ObjectNode o : initial) {
        write(out, "ADDED", o, type, table);
      }
      out.flush();
      while (System.nanoTime() < deadline) {
        Change c;
        try {
          c =
              subscription.next(
                  Math.min(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1),
                  TimeUnit.MILLISECONDS);
        } catch (Subscription.Overflow e) {
          return; // the client resumes from the last revision it saw
        }
        if (System.currentTimeMillis() >= nextTokenCheck) {
          if (!ex.callerStillValid()) {
            return; // the token was revoked: end the stream; the client's resume gets a 401
          }
          nextTokenCheck = System.currentTimeMillis() + TOKEN_CHECK_EVERY_MS;
        }
        if (c != null) {
          // Everything already queued goes out with it in one flush: under a burst of writes a
          // watcher sends one chunk per wake-up rather than one per event.
          int batched = 0;
          while (c != null) {
            writeChange(out, c, subscription, type, table);
            c = ++batched < MAX_EVENTS_PER_FLUSH ? pendingChange(subscription) : null;
          }
          out.flush();
          nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_EVERY_MS;
        } else if (System.currentTimeMillis() >= nextHeartbeat) {
          heartbeat(out, type, subscription, bookmarks);
          nextHeartbeat = System.currentTimeMillis() + HEARTBEAT_EVERY_MS;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Jetty sends every write to a response's stream as a chunk of its own (a socket write), so
   * events are gathered here and sent at each flush: one chunk for an event and its newline, or for
   * a batch of events.
   */
  private static OutputStream lineBuffered(OutputStream response) {
    return new BufferedOutputStream(response, FLUSH_BUFFER_BYTES);
  }

  /** The next change if one is already queued; an overflowed watcher ends at its next wait. */
  private static @Nullable Change pendingChange(Subscription subscription)
      throws InterruptedException {
    try {
      return subscription.next(0, TimeUnit.MILLISECONDS);
    } catch (Subscription.Overflow e) {
      return null;
    }
  }

  private void writeChange(
      OutputStream out, Change c, Subscription subscription, ResourceType type, boolean table)
      throws IOException {
    String eventType = eventType(c, subscription);
    if (table) {
      write(out, eventType, c.object(), type, true); // rows carry the age at this instant
    } else {
      out.write(c.encoded(eventType, () -> eventLine(eventType, c.object())));
    }
  }

  /** Throws IOException when the client has gone: that ends the stream and frees its slot. */
  private void heartbeat(
      OutputStream out, ResourceType type, Subscription subscription, boolean bookmarks)
      throws IOException {
    if (!bookmarks) {
      out.write('\n');
    } else {
      long rv = subscription.bookmarkRevision();
      if (rv <= 0) {
        return; // an event is pending: it is written next, and serves as well
      }
      ObjectNode mark = json.createObjectNode();
      mark.put("kind", type.kind());
      mark.put("apiVersion", type.apiVersion());
      mark.putObject("metadata").put("resourceVersion", Long.toString(rv));
      write(out, "BOOKMARK", mark, type, false);
    }
    out.flush();
  }

  /** With a selector, an object moving into or out of it is ADDED or DELETED for this watcher. */
  private static String eventType(Change c, Subscription s) {
    if (c.type().equals(Change.MODIFIED) && !s.selector().isEverything()) {
      ObjectNode previous = c.previous();
      boolean before = previous != null && s.selector().matches(previous);
      boolean after = s.selector().matches(c.object());
      if (!before && after) {
        return Change.ADDED;
      }
      if (before && !after) {
        return Change.DELETED;
      }
    }
    return c.type();
  }

  private void write(
      OutputStream out, String eventType, ObjectNode object, ResourceType type, boolean table)
      throws IOException {
    if (table && !eventType.equals("BOOKMARK")) {
      ObjectNode t = Tables.table(json, type, List.of(), clock.instant(), null);
      ((com.fasterxml.jackson.databind.node.ArrayNode) t.get("rows"))
          .add(Tables.row(json, type, object, clock.instant()));
      t.withObject("metadata")
          .put("resourceVersion", object.path("metadata").path("resourceVersion").asText());
      out.write(eventLine(eventType, t));
    } else {
      out.write(eventLine(eventType, object));
    }
  }

  /** One event of the newline-delimited stream, its newline included. */
  private byte[] eventLine(String eventType, ObjectNode object) {
    ObjectNode event = json.createObjectNode();
    event.put("type", eventType);
    event.set("object", object);
    try {
      byte[] encoded = json.writeValueAsBytes(event);
      byte[] line = Arrays.copyOf(encoded, encoded.length + 1);
      line[encoded.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The in-stream error that makes informers relist, as kube-apiserver sends it. */
  void expired(Exchange ex, ApiException e) throws IOException {
    try (OutputStream out = ex.startStream(200, "application/json")) {
      ObjectNode event = json.createObjectNode();
      event.put("type", "ERROR");
      event.set("object", StatusObjects.failure(json, e));
      out.write(json.writeValueAsBytes(event));
      out.write('\n');
    }
  }
}
