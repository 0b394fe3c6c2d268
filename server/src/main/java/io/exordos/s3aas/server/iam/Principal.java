package io.exordos.s3aas.server.iam;

import org.jspecify.annotations.Nullable;

/**
 * Who a request comes from: the cluster-wide administrator (the admin token that {@code s3aas up}
 * writes into the kubeconfig, used by kubectl and the operator), or a project member with one role.
 *
 * @param name for logs and reviews, never a token
 * @param project the MetaPaaS project (= the Kubernetes namespace); null for the admin and for a
 *     member whose token names no project
 * @param role the role in that project; null for the admin and for a member without one (a member
 *     with a role always has a project)
 */
public record Principal(String name, @Nullable String project, @Nullable Role role, boolean admin) {
  public static Principal admin(String name) {
    return new Principal(name, null, null, true);
  }

  public static Principal member(String name, @Nullable String project, @Nullable Role role) {
    return new Principal(name, project, role, false);
  }

  /** Whether this principal may act in the namespace at all. */
  public boolean inProject(@Nullable String namespace) {
    return admin || (namespace != null && namespace.equals(project));
  }
}
