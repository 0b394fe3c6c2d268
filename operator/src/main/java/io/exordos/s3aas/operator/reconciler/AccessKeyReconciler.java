package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.AccessKey;
import io.exordos.s3aas.api.v1alpha1.AccessKeyStatus;
import io.exordos.s3aas.api.v1alpha1.Condition;
import io.exordos.s3aas.api.v1alpha1.ConditionTypes;
import io.exordos.s3aas.api.v1alpha1.Phase;
import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.api.v1alpha1.S3User;
import io.exordos.s3aas.operator.observe.DriftEventSource;
import io.exordos.s3aas.operator.observe.NodeSnapshot;
import io.exordos.s3aas.operator.rustfs.NodeClient;
import io.exordos.s3aas.operator.rustfs.NodeClient.ObservedUser;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * AccessKey: each key is a RustFS user (access key = user name) carrying its S3User's policies, as
 * in the real plugin. Credentials: the user's Secret ({@code secretRef}) if given, else the Secret
 * we generated before, else a new generated one ({@code s3aas-key-<name>}, owned by the key). The
 * applied Secret revision is recorded in {@code status.appliedSecretRevision}, so a changed Secret
 * is pushed again. Disabling a key disables the RustFS user; deleting removes it.
 */
@ControllerConfiguration(name = "accesskey")
public final class AccessKeyReconciler extends ChildReconciler<AccessKey, AccessKeyStatus> {
  static final String BY_USER = "byUser";
  static final String BY_SECRET = "bySecret";

  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3User, AccessKey> users;
  private InformerEventSource<S3Instance, AccessKey> instances;
  private InformerEventSource<Secret, AccessKey> secrets;

  public AccessKeyReconciler(OperatorServices services) {
    super(services, AccessKeyStatus::new);
  }

  static String generatedSecretName(AccessKey k) {
    return "s3aas-key-" + k.getMetadata().getName();
  }

  static String secretName(AccessKey k) {
    return k.getSpec().getSecretRef() != null
        ? k.getSpec().getSecretRef().getName()
        : generatedSecretName(k);
  }

  @Override
  @Initializer
  public List<EventSource<?, AccessKey>> prepareEventSources(EventSourceContext<AccessKey> ctx) {
    var cache = ctx.getPrimaryCache();
    cache.addIndexer(
        BY_USER, k -> List.of(k.getMetadata().getNamespace() + "/" + k.getSpec().getUserRef()));
    cache.addIndexer(BY_SECRET, k -> List.of(k.getMetadata().getNamespace() + "/" + secretName(k)));
    users =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(S3User.class, AccessKey.class)
                .withName("key-users")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    (S3User u) ->
                        Links.ids(
                            cache.byIndex(
                                BY_USER,
                                u.getMetadata().getNamespace() + "/" + u.getMetadata().getName())))
                .withOnUpdateFilter(
                    (S3User o, S3User n) ->
                        !Objects.equals(o.getSpec().getPolicies(), n.getSpec().getPolicies())
                            || !Objects.equals(phase(o), phase(n)))
                .build(),
            ctx);
    instances =
        Links.instances(
            ctx,
            "key-instances",
            i ->
                keysOfInstance(InstanceDirectory.key(i), cache)
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()));
    secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, AccessKey.class)
                .withName("key-secrets")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    (Secret s) ->
                        Links.ids(
                            cache.byIndex(
                                BY_SECRET,
                                s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())))
                .build(),
            ctx);
    DriftEventSource<AccessKey> drift =
        new DriftEventSource<>(
            "key-drift", services.cache(), key -> keysOfInstance(key, cache), this::inSync);
    return List.of(users, instances, secrets, drift);
  }

  private static @Nullable Object phase(S3User u) {
    return u.getStatus() == null ? null : u.getStatus().getPhase();
  }

  private Stream<AccessKey> keysOfInstance(
      String instanceKey,
      io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<AccessKey> cache) {
    int slash = instanceKey.indexOf('/');
    String ns = instanceKey.substring(0, slash);
    String name = instanceKey.substring(slash + 1);
    return users
        .list(ns, u -> name.equals(u.getSpec().getInstanceRef()))
        .flatMap(u -> cache.byIndex(BY_USER, ns + "/" + u.getMetadata().getName()).stream());
  }

  private boolean inSync(AccessKey k, NodeSnapshot snap) {
    AccessKeyStatus status = k.getStatus();
    if (status == null || !Statuses.settled(status, k) || status.getAccessKeyId() == null) {
      return true;
    }
    ObservedUser u = snap.users().get(status.getAccessKeyId());
    Optional<S3User> user =
        users.get(new ResourceID(k.getSpec().getUserRef(), k.getMetadata().getNamespace()));
    return u != null
        && u.enabled() == enabled(k)
        && (user.isEmpty() || u.policies().equals(policies(user.get())));
  }

  private static boolean enabled(AccessKey k) {
    return !Boolean.FALSE.equals(k.getSpec().getEnabled());
  }

  private static List<String> policies(S3User u) {
    return u.getSpec().getPolicies().stream().distinct().sorted().toList();
  }

  @Override
  protected Outcome sync(AccessKey key, AccessKeyStatus status) {
    String ns = key.getMetadata().getNamespace();
    long gen = Statuses.generation(key);
    Optional<S3User> user = users.get(new ResourceID(key.getSpec().getUserRef(), ns));
    if (user.isEmpty()) {
      Statuses.notReady(
          status,
          key,
          Phase.PENDING,
          "UserNotFound",
          "S3User " + key.getSpec().getUserRef() + " does not exist");
      return Outcome.done();
    }
    Optional<S3Instance> instance =
        instances.get(new ResourceID(user.get().getSpec().getInstanceRef(), ns));
    Optional<NodeClient> node = instance.flatMap(services.instances()::watch);
    if (instance.isEmpty() || node.isEmpty()) {
      waitForInstance(key, status, user.get().getSpec().getInstanceRef(), "InstanceNotReady");
      return Outcome.done();
    }
    if (user.get().getStatus() == null || user.get().getStatus().getPhase() != Phase.ACTIVE) {
      Statuses.notReady(
          status,
          key,
          status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.PENDING,
          "UserNotReady",
          "waiting for S3User " + user.get().getMetadata().getName() + " to be ACTIVE");
      return Outcome.done();
    }
    Secrets.Credentials creds;
    try {
      Optional<Secrets.Credentials> c = credentials(key);
      if (c.isEmpty()) {
        String msg =
            "Secret "
                + secretName(key) // credentials() is empty only for a secretRef
                + " not found, or it lacks accessKeyId/secretAccessKey";
        credentialsNotReady(key, status, "SecretNotFound", msg, Phase.PENDING);
        return Outcome.done();
      }
      creds = c.get();
    } catch (Secrets.ConflictException e) {
      credentialsNotReady(key, status, "SecretConflict", e.reason(), Phase.ERROR);
      return Outcome.done();
    }
    String instanceKey = InstanceDirectory.key(instance.get());
    boolean enabled = enabled(key);
    AccessKeyDiff.Wanted want =
        new AccessKeyDiff.Wanted(
            creds.accessKeyId(),
            creds.secretName(),
            creds.revision(),
            enabled,
            policies(user.get()));
    AccessKeyDiff diff =
        AccessKeyDiff.of(
            want,
            new AccessKeyDiff.Applied(
                status.getAccessKeyId(), status.getSecretName(), status.getAppliedSecretRevision()),
            services.cache().snapshot(instanceKey).users());
    act(node.get(), instanceKey, creds, want, diff);
    if (Statuses.settled(status, key)) {
      recordDrift(key, want, diff);
    }
    status.setAccessKeyId(creds.accessKeyId());
    status.setSecretName(creds.secretName());
    status.setAppliedSecretRevision(creds.revision());
    status.setCondition(
        ConditionTypes.CREDENTIALS_READY,
        Condition.TRUE,
        "Applied",
        "Secret " + creds.secretName() + " (revision " + creds.revision() + ") applied",
        gen);
    status.setPhase(Phase.ACTIVE);
    Statuses.ready(
        status,
        key,
        "Ready",
        "key "
            + creds.accessKeyId()
            + " is "
            + (enabled ? "enabled" : "disabled")
            + " with policies "
            + want.policies());
    return Outcome.done();
  }

  private void act(
      NodeClient node,
      String instanceKey,
      Secrets.Credentials creds,
      AccessKeyDiff.Wanted want,
      AccessKeyDiff diff) {
    String replaced = diff.replaced();
    if (replaced != null) {
      node.detachAndRemoveUser(replaced, diff.replacedHasPolicies());
      services.cache().userRemoved(instanceKey, replaced);
    }
    if (diff.addUser()) {
      node.addUser(want.accessKeyId(), creds.secretAccessKey(), want.enabled());
    }
    if (diff.setStatus()) {
      node.setUserStatus(want.accessKeyId(), want.enabled());
    }
    if (diff.setPolicies()) {
      node.setUserPolicies(want.accessKeyId(), want.policies());
    }
    services
        .cache()
        .userPut(
            instanceKey,
            want.accessKeyId(),
            new ObservedUser(want.enabled() ? "enabled" : "disabled", want.policies()));
  }

  private void recordDrift(AccessKey key, AccessKeyDiff.Wanted want, AccessKeyDiff diff) {
    if (diff.missing()) {
      services
          .events()
          .record(
              key,
              EventRecorder.WARNING,
              "DriftRepaired",
              "RustFS user " + want.accessKeyId() + " was missing on the node; created it again");
    } else if (diff.updated()) {
      services
          .events()
          .record(
              key,
              EventRecorder.NORMAL,
              "Updated",
              "RustFS user "
                  + want.accessKeyId()
                  + " now "
                  + (want.enabled() ? "enabled" : "disabled")
                  + " with policies "
                  + want.policies());
    }
  }

  /** The credentials cannot be applied: no revision counts as applied until they can. */
  private static void credentialsNotReady(
      AccessKey key, AccessKeyStatus status, String reason, String msg, Phase phase) {
    status.setAppliedSecretRevision(null);
    status.setCondition(
        ConditionTypes.CREDENTIALS_READY, Condition.FALSE, reason, msg, Statuses.generation(key));
    Statuses.notReady(status, key, phase, reason, msg);
  }

  /**
   * User-supplied → reused → generated. Empty when a user-supplied Secret is missing or incomplete.
   */
  private Optional<Secrets.Credentials> credentials(AccessKey key) {
    String ns = key.getMetadata().getNamespace();
    if (key.getSpec().getSecretRef() != null) {
      String name = key.getSpec().getSecretRef().getName();
      Optional<Secret> s =
          secrets.get(new ResourceID(name, ns)).or(() -> Secrets.get(services.client(), ns, name));
      return s.flatMap(Secrets::read);
    }
    Optional<Secret> cached = secrets.get(new ResourceID(generatedSecretName(key), ns));
    if (cached.isPresent() && Secrets.ownedBy(cached.get(), key)) {
      Optional<Secrets.Credentials> c = Secrets.read(cached.get());
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.of(
        Secrets.ensureOwned(
            services.client(), key, generatedSecretName(key), Secrets.newAccessKeyId()));
  }

  @Override
  public DeleteControl cleanup(AccessKey key, Context<AccessKey> context) {
    String ns = key.getMetadata().getNamespace();
    String ak = key.getStatus() == null ? null : key.getStatus().getAccessKeyId();
    if (ak != null) {
      Optional<S3User> user = users.get(new ResourceID(key.getSpec().getUserRef(), ns));
      Optional<S3Instance> instance =
          user.flatMap(u -> instances.get(new ResourceID(u.getSpec().getInstanceRef(), ns)));
      if (instance.isEmpty()) {
        // the user is gone already: find the instance whose node has this key
        instance =
            instances
                .list(ns)
                .filter(i -> services.cache().registered(InstanceDirectory.key(i)))
                .filter(
                    i ->
                        services.cache().snapshot(InstanceDirectory.key(i)).users().containsKey(ak))
                .findFirst();
      }
      if (instance.isPresent() && !Links.goingAway(instance.get())) {
        Optional<NodeClient> node = services.instances().client(instance.get());
        if (node.isPresent()) {
          String instanceKey = InstanceDirectory.key(instance.get());
          ObservedUser observed =
              services.cache().registered(instanceKey)
                  ? services.cache().snapshot(instanceKey).users().get(ak)
                  : null;
          node.get().detachAndRemoveUser(ak, observed == null || !observed.policies().isEmpty());
          services.cache().userRemoved(instanceKey, ak);
        }
      }
    }
    Secrets.deleteOwned(services.client(), key, generatedSecretName(key));
    return DeleteControl.defaultDelete();
  }
}
