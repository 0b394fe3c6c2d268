package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.v1alpha1.S3Instance;
import io.exordos.s3aas.operator.provision.Provisioner;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Reconciles an instance as soon as its provisioner says its data plane moved (a node set turned
 * ACTIVE, a config was applied, RustFS began to answer), instead of at the next provision check.
 */
final class ProvisionProgressEventSource extends AbstractEventSource<Void, S3Instance> {
  private final Provisioner provisioner;

  ProvisionProgressEventSource(Provisioner provisioner) {
    super(Void.class, "provision-progress");
    this.provisioner = provisioner;
  }

  @Override
  public void start() {
    provisioner.onProgress(
        (namespace, name) -> {
          if (isRunning()) {
            getEventHandler().handleEvent(new Event(new ResourceID(name, namespace)));
          }
        });
    super.start();
  }

  @Override
  public Set<Void> getSecondaryResources(S3Instance primary) {
    return Set.of();
  }
}
