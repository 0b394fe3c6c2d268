package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3InstanceStatus;
import io.exordos.s3aas.operator.observe.ObservationCache;
import io.exordos.s3aas.operator.rustfs.NodeAccess;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where each ACTIVE instance's data plane is and how to log in: filled by the instance reconciler
 * ({@link #register}), and after an operator restart lazily from the instance's status and root
 * Secret, so child reconcilers need no extra API call per reconcile. Looking a client up ({@link
 * #client}) has no side effect; observing an instance's data plane starts only when asked: {@link
 * #register} or {@link #watch}.
 */
public final class InstanceDirectory {
  private final KubernetesClient client;
  private final NodeClients nodes;
  private final ObservationCache cache;
  private final Map<String, NodeAccess> access = new ConcurrentHashMap<>();

  public InstanceDirectory(KubernetesClient client, NodeClients nodes, ObservationCache cache) {
    this.client = client;
    this.nodes = nodes;
    this.cache = cache;
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  public static String key(S3Instance i) {
    return key(i.getMetadata().getNamespace(), i.getMetadata().getName());
  }

  public static boolean active(@Nullable S3Instance i) {
    return activeEndpoint(i) != null;
  }

  /** The S3 endpoint of an ACTIVE instance (not being deleted), else null. */
  private static @Nullable String activeEndpoint(@Nullable S3Instance i) {
    if (i == null || i.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    S3InstanceStatus status = i.getStatus();
    return status != null && status.getPhase() == Phase.ACTIVE ? status.getEndpoint() : null;
  }

  public static String rootSecretName(String instance) {
    return "s3aas-root-" + instance;
  }

  /** Records an instance whose data plane is ready, and starts observing it. */
  public NodeClient register(S3Instance i, NodeAccess a) {
    String key = key(i);
    access.put(key, a);
    NodeClient c = nodes.get(key, a);
    cache.register(key, c);
    return c;
  }

  /** The client of an ACTIVE instance, or empty when it is not ACTIVE (yet). */
  public Optional<NodeClient> client(S3Instance i) {
    String endpoint = activeEndpoint(i);
    return endpoint == null ? Optional.empty() : clientAt(i, endpoint);
  }

  /**
   * The client of an ACTIVE instance, its data plane observed from now on (again no-op when it is
   * already), for a reconcile that reads the instance's snapshot. After an operator restart a child
   * may come before its instance's reconcile has registered it.
   */
  public Optional<NodeClient> watch(S3Instance i) {
    Optional<NodeClient> c = client(i);
    c.ifPresent(node -> cache.register(key(i), node));
    return c;
  }

  /**
   * The client of an instance that is being deleted, while its nodes still serve: its last endpoint
   * and root credentials. Empty when it never served (no endpoint) or the root Secret is gone. Not
   * observed: its buckets are only asked about by the deletion gate.
   */
  public Optional<NodeClient> clientWhileDeleting(S3Instance i) {
    S3InstanceStatus status = i.getStatus();
    String endpoint = status == null ? null : status.getEndpoint();
    return endpoint == null || endpoint.isEmpty() ? Optional.empty() : clientAt(i, endpoint);
  }

  private Optional<NodeClient> clientAt(S3Instance i, String endpoint) {
    String key = key(i);
    NodeAccess a = access.get(key);
    if (a == null || !a.endpoint().equals(endpoint)) {
      Optional<Secrets.Credentials> root =
          Secrets.get(
                  client, i.getMetadata().getNamespace(), rootSecretName(i.getMetadata().getName()))
              .flatMap(Secrets::read);
      if (root.isEmpty()) {
        return Optional.empty();
      }
      a = new NodeAccess(endpoint, root.get().accessKeyId(), root.get().secretAccessKey());
      access.put(key, a);
    }
    return Optional.of(nodes.get(key, a));
  }

  public void forget(String key) {
    access.remove(key);
    cache.unregister(key);
    nodes.remove(key);
  }
}
