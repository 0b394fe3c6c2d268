package io.exordos.s3aas.operator.provision;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a provisioner builds for one instance: the desired data plane, derived from the S3Instance
 * spec, its UID (through the node set UUID) and its root credentials.
 */
public record InstancePlan(
    UUID nodeSetUuid,
    String namespace,
    String name,
    int cpu,
    int ramMb,
    int diskGb,
    int nodes,
    boolean distributed,
    @Nullable Integer parity,
    String image,
    String rootUser,
    String rootSecret,
    boolean encrypted) {

  /** The node set's name in Exordos, as the real plugin names it. */
  public String nodeSetName() {
    return "s3aas-dp-" + nodeSetUuid;
  }
}
