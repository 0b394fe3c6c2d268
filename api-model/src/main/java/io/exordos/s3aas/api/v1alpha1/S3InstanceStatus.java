package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Observed state of an instance: the common status plus its nodes and S3 endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3InstanceStatus extends ResourceStatus {
  private List<NodeStatus> nodes = new ArrayList<>();
  private @Nullable String endpoint;
  private @Nullable InstanceUsage usage;

  public @Nullable InstanceUsage getUsage() {
    return usage;
  }

  public void setUsage(@Nullable InstanceUsage usage) {
    this.usage = usage;
  }

  public List<NodeStatus> getNodes() {
    return nodes;
  }

  public void setNodes(@Nullable List<NodeStatus> nodes) {
    this.nodes = nodes == null ? new ArrayList<>() : new ArrayList<>(nodes);
  }

  public @Nullable String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable String endpoint) {
    this.endpoint = endpoint;
  }
}
