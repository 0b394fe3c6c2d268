package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.server.registry.ResourceType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One committed change of one object, as a watch delivers it.
 *
 * <p>The objects are parsed from their stored text only when a watcher asks for them, and then
 * once: the watch hub reads every change, but most have no watcher interested in them. The parsed
 * objects are shared between watchers and must not be modified.
 */
public final class Change {
  public static final String ADDED = "ADDED";
  public static final String MODIFIED = "MODIFIED";
  public static final String DELETED = "DELETED";

  private final long revision;
  private final ResourceType kind;
  private final String namespace;
  private final String name;
  private final String type;
  private final ObjectCodec codec;
  private final String objectText;
  private final @Nullable String previousText;
  private @Nullable ObjectNode object;
  private @Nullable ObjectNode previous;

  /** A watch event's bytes by event type, once some watcher encoded them (see {@link #encoded}). */
  private final Map<String, byte[]> encodedEvents = new HashMap<>(2);

  Change(
      long revision,
      ResourceType kind,
      String namespace,
      String name,
      String type,
      ObjectCodec codec,
      String objectText,
      @Nullable String previousText) {
    this.revision = revision;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.type = type;
    this.codec = codec;
    this.objectText = objectText;
    this.previousText = previousText;
  }

  public long revision() {
    return revision;
  }

  public String group() {
    return kind.group();
  }

  public String resource() {
    return kind.plural();
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  /** ADDED, MODIFIED or DELETED. */
  public String type() {
    return type;
  }

  /** The object after the change (for DELETED, its last state at this revision). */
  public synchronized ObjectNode object() {
    ObjectNode parsed = object;
    if (parsed == null) {
      parsed = codec.decode(kind, objectText);
      object = parsed;
    }
    return parsed;
  }

  /** The object before the change, null when it was created. */
  public synchronized @Nullable ObjectNode previous() {
    if (previous == null && previousText != null) {
      previous = codec.decode(kind, previousText);
    }
    return previous;
  }

  /**
   * This change encoded as a watch event of {@code eventType}, by {@code encoder} the first time
   * and shared by every other watcher that sends the same event: with many watchers on one kind,
   * each change is encoded once per event type rather than once per watcher. The event type is part
   * of the key because a watcher with a selector may see a MODIFIED change as ADDED or DELETED. The
   * bytes must not be modified.
   */
  public byte[] encoded(String eventType, Supplier<byte[]> encoder) {
    synchronized (encodedEvents) {
      return encodedEvents.computeIfAbsent(eventType, t -> encoder.get());
    }
  }
}
