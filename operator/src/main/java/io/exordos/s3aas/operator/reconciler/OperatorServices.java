package io.exordos.s3aas.operator.reconciler;

import io.exordos.s3aas.api.catalog.VersionCatalog;
import io.exordos.s3aas.operator.observe.ObservationCache;
import io.exordos.s3aas.operator.provision.Provisioner;
import io.exordos.s3aas.operator.rustfs.NodeClients;
import io.exordos.s3aas.operator.usage.UsageMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * What the reconcilers share, wired once by {@code S3aasOperator} (plain constructor injection, as
 * in the Flink operator).
 *
 * @param provisionCheck how often an instance that is being provisioned is looked at again
 * @param usage the usage gauges on {@code /metrics}, set where usage is recorded in status
 */
public record OperatorServices(
    KubernetesClient client,
    Provisioner provisioner,
    VersionCatalog catalog,
    NodeClients nodes,
    ObservationCache cache,
    EventRecorder events,
    InstanceDirectory instances,
    Duration provisionCheck,
    UsageMetrics usage) {}
