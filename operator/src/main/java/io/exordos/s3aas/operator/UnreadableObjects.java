package io.exordos.s3aas.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.exordos.s3aas.operator.reconciler.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the owner of an object the operator could only partly read: a Warning Event on that object
 * (reason {@value #REASON}, {@code kubectl describe} shows it) and a log line, each naming the
 * fields {@link MalformedFieldSkipper} had to ignore and why, never their values (they may be
 * secret).
 *
 * <p>Once per resourceVersion: informers read an object again on every relist and by several
 * informers, and each read must not add an Event. The Events are written on a thread of their own,
 * because the reads happen on the HTTP client's threads, which must not wait for another request.
 */
final class UnreadableObjects implements AutoCloseable {
  static final String REASON = "MalformedObject";
  private static final Logger LOG = LoggerFactory.getLogger(UnreadableObjects.class);
  private static final int REMEMBERED = 10_000;

  /** The problems of each object being read on this thread, innermost last. */
  private static final ThreadLocal<Deque<List<String>>> READING =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final Set<String> reported =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED;
            }
          });
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "s3aas-unreadable-events");
            t.setDaemon(true);
            return t;
          });
  private volatile @Nullable EventRecorder events;

  /** Events can be written once the client that reads the objects exists. */
  void recordWith(EventRecorder events) {
    this.events = events;
  }

  /** A Jackson module that brackets the reading of every kind, so problems reach their object. */
  SimpleModule module() {
    SimpleModule module = new SimpleModule("s3aas-unreadable-objects");
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> d) {
            return HasMetadata.class.isAssignableFrom(bean.getBeanClass())
                ? new Bracket(d, UnreadableObjects.this)
                : d;
          }
        });
    return module;
  }

  /**
   * Notes a problem of the object being read on this thread; false when no object is being read.
   */
  static boolean note(String problem) {
    List<String> problems = READING.get().peekLast();
    if (problems == null) {
      return false;
    }
    problems.add(problem);
    return true;
  }

  private void read(HasMetadata object, List<String> problems) {
    ObjectMeta meta = object.getMetadata();
    if (meta == null || meta.getName() == null) {
      LOG.warn("read an object with no name of kind {}: {}", object.getKind(), problems);
      return;
    }
    String key =
        object.getKind()
            + "/"
            + meta.getNamespace()
            + "/"
            + meta.getName()
            + "@"
            + meta.getResourceVersion();
    synchronized (reported) {
      if (!reported.add(key)) {
        return;
      }
    }
    String message =
        "the operator cannot read "
            + String.join("; ", problems)
            + "; it ignores those fields: fix or delete the object (the API refuses such values)";
    LOG.warn(
        "{} {}/{} (resourceVersion {}): {}",
        object.getKind(),
        meta.getNamespace(),
        meta.getName(),
        meta.getResourceVersion(),
        message);
    EventRecorder recorder = events;
    if (recorder != null && meta.getNamespace() != null) {
      writer.execute(() -> recorder.record(object, EventRecorder.WARNING, REASON, message));
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }

  /** Reads one object with a list for its problems, and reports them once it is read. */
  private static final class Bracket extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;
    private final transient UnreadableObjects owner;

    Bracket(JsonDeserializer<?> delegate, UnreadableObjects owner) {
      super(delegate);
      this.owner = owner;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new Bracket(newDelegatee, owner);
    }

    @Override
    public @Nullable Object deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      Deque<List<String>> reading = READING.get();
      List<String> problems = new ArrayList<>();
      reading.addLast(problems);
      Object object;
      try {
        object = _delegatee.deserialize(p, ctxt);
      } finally {
        reading.removeLast();
      }
      if (!problems.isEmpty() && object instanceof HasMetadata h) {
        owner.read(h, problems);
      }
      return object;
    }
  }
}
