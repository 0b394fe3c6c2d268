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
import io.exordos.s3aas.operator.rustfs.NodeException;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * AccessKey: each key is a RustFS user (access key = user name) carrying its S3User's policies, as
 * in the real plugin. Credentials: the user's Secret ({@code secretRef}) if given, else the Secret
 * we generated before, else a new generated one ({@code s3aas-key-<name>}, owned by the key). The
 * applied Secret revision is recorded in the CredentialsReady condition, so a changed Secret is
 * pushed again. Disabling a key disables the RustFS user; deleting removes it.
 */
@ControllerConfiguration(name = "accesskey")
public final class AccessKeyReconciler implements Reconciler<AccessKey>, Cleaner<AccessKey> {
  static final String BY_USER = "byUser";
  static final String BY_SECRET = "bySecret";
  private static final Pattern APPLIED = Pattern.compile("revision (\\S+) applied");

  private final OperatorServices services;
  // set by prepareEventSources, which JOSDK calls first
  private InformerEventSource<S3User, AccessKey> users;
  private InformerEventSource<S3Instance, AccessKey> instances;
  private InformerEventSource<Secret, AccessKey> secrets;

  public AccessKeyReconciler(OperatorServices services) {
    this.services = services;
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
  public UpdateControl<AccessKey> reconcile(AccessKey key, Context<AccessKey> context) {
    AccessKeyStatus status = key.getStatus();
    if (status == null) {
      status = new AccessKeyStatus();
      key.setStatus(status);
    }
    String before = Statuses.snapshot(status);
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
      return Statuses.patchIfChanged(key, before);
    }
    Optional<S3Instance> instance =
        instances.get(new ResourceID(user.get().getSpec().getInstanceRef(), ns));
    Optional<NodeClient> node = instance.flatMap(services.instances()::client);
    if (node.isEmpty()
        || user.get().getStatus() == null
        || user.get().getStatus().getPhase() != Phase.ACTIVE) {
      String why = node.isEmpty() ? "InstanceNotReady" : "UserNotReady";
      Statuses.notReady(
          status,
          key,
          status.getPhase() == Phase.ACTIVE ? Phase.ACTIVE : Phase.PENDING,
          why,
          node.isEmpty()
              ? "waiting for S3Instance " + user.get().getSpec().getInstanceRef() + " to be ACTIVE"
              : "waiting for S3User " + user.get().getMetadata().getName() + " to be ACTIVE");
      return Statuses.patchIfChanged(key, before);
    }
    Secrets.Credentials creds;
    try {
      Optional<Secrets.Credentials> c = credentials(key);
      if (c.isEmpty()) {
        String msg =
            "Secret "
                + secretName(key) // credentials() is empty only for a secretRef
                + " not found, or it lacks accessKeyId/secretAccessKey";
        status.setCondition(
            ConditionTypes.CREDENTIALS_READY, Condition.FALSE, "SecretNotFound", msg, gen);
        Statuses.notReady(status, key, Phase.PENDING, "SecretNotFound", msg);
        return Statuses.patchIfChanged(key, before);
      }
      creds = c.get();
    } catch (Secrets.ConflictException e) {
      status.setCondition(
          ConditionTypes.CREDENTIALS_READY, Condition.FALSE, "SecretConflict", e.getMessage(), gen);
      Statuses.notReady(status, key, Phase.ERROR, "SecretConflict", e.getMessage());
      return Statuses.patchIfChanged(key, before);
    }
    String instanceKey = InstanceDirectory.key(instance.get());
    boolean settled = Statuses.settled(status, key);
    List<String> policies = policies(user.get());
    boolean enabled = enabled(key);
    try {
      NodeSnapshot snap = services.cache().snapshot(instanceKey);
      String previous = status.getAccessKeyId();
      if (previous != null && !previous.equals(creds.accessKeyId())) {
        ObservedUser old = snap.users().get(previous);
        node.get().detachAndRemoveUser(previous, old == null || !old.policies().isEmpty());
        services.cache().userRemoved(instanceKey, previous);
      }
      ObservedUser observed = snap.users().get(creds.accessKeyId());
      String revision = creds.secretName() + "@" + creds.revision();
      if (observed == null || !revision.equals(appliedRevision(status))) {
        // add-user sets secret and status only; policies are attached by a call of their own
        node.get().addUser(creds.accessKeyId(), creds.secretAccessKey(), enabled);
        List<String> attached = observed == null ? List.of() : observed.policies();
        if (!attached.equals(policies)) {
          node.get().setUserPolicies(creds.accessKeyId(), policies);
        }
        if (observed == null && settled) {
          services
              .events()
              .record(
                  key,
                  EventRecorder.WARNING,
                  "DriftRepaired",
                  "RustFS user "
                      + creds.accessKeyId()
                      + " was missing on the node; created it again");
        }
      } else {
        if (observed.enabled() != enabled) {
          node.get().setUserStatus(creds.accessKeyId(), enabled);
        }
        if (!observed.policies().equals(policies)) {
          node.get().setUserPolicies(creds.accessKeyId(), policies);
        }
        if (settled && (observed.enabled() != enabled || !observed.policies().equals(policies))) {
          services
              .events()
              .record(
                  key,
                  EventRecorder.NORMAL,
                  "Updated",
                  "RustFS user "
                      + creds.accessKeyId()
                      + " now "
                      + (enabled ? "enabled" : "disabled")
                      + " with policies "
                      + policies);
        }
      }
      services
          .cache()
          .userPut(
              instanceKey,
              creds.accessKeyId(),
              new ObservedUser(enabled ? "enabled" : "disabled", policies));
    } catch (NodeException e) {
      return Statuses.refused(key, before, e, services.cache().interval());
    }
    status.setAccessKeyId(creds.accessKeyId());
    status.setSecretName(creds.secretName());
    status.setCondition(
        ConditionTypes.CREDENTIALS_READY,
        Condition.TRUE,
        "Applied",
        "Secret "
            + creds.secretName()
            + " revision "
            + creds.secretName()
            + "@"
            + creds.revision()
            + " applied",
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
            + policies);
    return Statuses.patchIfChanged(key, before);
  }

  private static @Nullable String appliedRevision(AccessKeyStatus status) {
    return status
        .condition(ConditionTypes.CREDENTIALS_READY)
        .filter(c -> Condition.TRUE.equals(c.getStatus()) && c.getMessage() != null)
        .map(c -> APPLIED.matcher(c.getMessage()))
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .orElse(null);
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
  public ErrorStatusUpdateControl<AccessKey> updateErrorStatus(
      AccessKey key, Context<AccessKey> context, Exception e) {
    return Statuses.error(key, new AccessKeyStatus(), e);
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
