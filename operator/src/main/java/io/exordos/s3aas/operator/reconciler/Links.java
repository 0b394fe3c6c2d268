package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Event sources and indexes that tie child resources to their instance (and keys to their user).
 */
final class Links {
  static final String BY_INSTANCE = "byInstance";

  private Links() {}

  /** Indexes the primaries by {@code namespace/instanceRef}. */
  static <P extends HasMetadata> void indexByInstance(
      EventSourceContext<P> ctx, Function<P, String> instanceRef) {
    ctx.getPrimaryCache()
        .addIndexer(
            BY_INSTANCE,
            p ->
                List.of(
                    InstanceDirectory.key(p.getMetadata().getNamespace(), instanceRef.apply(p))));
  }

  /**
   * Instances as a secondary source: a change of an instance's phase, endpoint or deletion triggers
   * the primaries that {@code toPrimaries} maps it to (status-only noise is filtered out).
   */
  static <P extends HasMetadata> InformerEventSource<S3Instance, P> instances(
      EventSourceContext<P> ctx, String name, SecondaryToPrimaryMapper<S3Instance> toPrimaries) {
    var config =
        InformerEventSourceConfiguration.from(S3Instance.class, ctx.getPrimaryResourceClass())
            .withName(name)
            .withSecondaryToPrimaryMapper(toPrimaries)
            .withNamespacesInheritedFromController()
            .withOnUpdateFilter((S3Instance o, S3Instance n) -> changed(o, n))
            .build();
    return new InformerEventSource<>(config, ctx);
  }

  /** Maps an instance to the primaries indexed under it. */
  static <P extends HasMetadata> SecondaryToPrimaryMapper<S3Instance> byInstanceIndex(
      EventSourceContext<P> ctx) {
    return i ->
        ctx.getPrimaryCache().byIndex(BY_INSTANCE, InstanceDirectory.key(i)).stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
  }

  static boolean changed(S3Instance o, S3Instance n) {
    return !Objects.equals(phase(o), phase(n))
        || !Objects.equals(endpoint(o), endpoint(n))
        || !Objects.equals(
            o.getMetadata().getDeletionTimestamp(), n.getMetadata().getDeletionTimestamp());
  }

  private static @Nullable Object phase(S3Instance i) {
    return i.getStatus() == null ? null : i.getStatus().getPhase();
  }

  private static @Nullable Object endpoint(S3Instance i) {
    return i.getStatus() == null ? null : i.getStatus().getEndpoint();
  }

  static Set<ResourceID> ids(List<? extends HasMetadata> list) {
    return list.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /** An instance is going away (or gone): children release their finalizers without node calls. */
  static boolean goingAway(@Nullable S3Instance i) {
    return i == null || i.getMetadata().getDeletionTimestamp() != null;
  }
}
