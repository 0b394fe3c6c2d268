package io.exordos.s3aas.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A JOSDK event source fed by {@link ObservationCache}: after each poll of an instance it asks, for
 * every primary of that instance, whether the snapshot still matches it, and triggers a reconcile
 * of only those that drifted. The steady state thus costs the poll's few list calls and no
 * reconciles.
 */
public final class DriftEventSource<P extends HasMetadata>
    extends AbstractEventSource<NodeSnapshot, P> implements ObservationCache.Listener {
  private final ObservationCache cache;
  private final Function<String, Stream<P>> primariesOfInstance;
  private final BiPredicate<P, NodeSnapshot> inSync;

  /**
   * @param primariesOfInstance the primaries that live on an instance ({@code namespace/name})
   * @param inSync true when the snapshot matches what the primary wants (only settled primaries are
   *     asked)
   */
  public DriftEventSource(
      String name,
      ObservationCache cache,
      Function<String, Stream<P>> primariesOfInstance,
      BiPredicate<P, NodeSnapshot> inSync) {
    super(NodeSnapshot.class, name);
    this.cache = cache;
    this.primariesOfInstance = primariesOfInstance;
    this.inSync = inSync;
  }

  @Override
  public void start() {
    cache.addListener(this);
    super.start();
  }

  @Override
  public void stop() {
    cache.removeListener(this);
    super.stop();
  }

  @Override
  public void observed(String instanceKey, NodeSnapshot snapshot) {
    if (!isRunning()) {
      return;
    }
    primariesOfInstance
        .apply(instanceKey)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !inSync.test(p, snapshot))
        .forEach(p -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(p))));
  }

  @Override
  public Set<NodeSnapshot> getSecondaryResources(P primary) {
    return Set.of();
  }
}
