package io.exordos.s3aas.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an instance: the common status plus its nodes and S3 endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3InstanceStatus extends ResourceStatus {
  private List<NodeStatus> nodes = new ArrayList<>();
  private String endpoint;

  public List<NodeStatus> getNodes() {
    return nodes;
  }

  public void setNodes(List<NodeStatus> nodes) {
    this.nodes = nodes == null ? new ArrayList<>() : new ArrayList<>(nodes);
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }
}
