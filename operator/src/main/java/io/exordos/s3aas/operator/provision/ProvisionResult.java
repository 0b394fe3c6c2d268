package io.exordos.s3aas.operator.provision;

import java.util.List;

/**
 * Where an instance's data plane stands after one {@link Provisioner#ensure} pass.
 *
 * @param state PROVISIONING while VMs or configs are on their way, READY when every node answers
 *     {@code /health/ready}, FAILED when the platform reports an error the operator cannot fix
 * @param nodes the nodes as known so far (may be empty while provisioning)
 * @param configApplied every node has its current rustfs.env
 * @param reason a CamelCase reason for the status conditions
 * @param message a human explanation
 */
public record ProvisionResult(
    State state, List<NodeAddress> nodes, boolean configApplied, String reason, String message) {
  public enum State {
    PROVISIONING,
    READY,
    FAILED
  }

  public record NodeAddress(String id, String ip, int port) {
    public String endpoint() {
      return "http://" + ip + ":" + port;
    }
  }

  public static ProvisionResult provisioning(
      List<NodeAddress> nodes, boolean configApplied, String reason, String message) {
    return new ProvisionResult(State.PROVISIONING, nodes, configApplied, reason, message);
  }

  public static ProvisionResult ready(List<NodeAddress> nodes) {
    return new ProvisionResult(
        State.READY, nodes, true, "NodesReady", "all " + nodes.size() + " node(s) are ready");
  }

  public static ProvisionResult failed(List<NodeAddress> nodes, String reason, String message) {
    return new ProvisionResult(State.FAILED, nodes, false, reason, message);
  }
}
