package io.exordos.s3aas.operator.provision;

import java.util.function.BiConsumer;

/**
 * Creates, updates and deletes the data-plane nodes of instances. Both methods are idempotent and
 * safe to call again after a crash at any point: external ids derive from {@link
 * InstancePlan#nodeSetUuid()}.
 */
public interface Provisioner extends AutoCloseable {
  /**
   * Moves the data plane one step towards {@code plan} and says where it stands. Never blocks long.
   */
  ProvisionResult ensure(InstancePlan plan) throws Exception;

  /**
   * Removes everything of the instance; returns true once nothing is left (already gone = true).
   */
  boolean delete(InstancePlan plan) throws Exception;

  /**
   * Asks to be told (namespace, name) when an instance's data plane moved on its own (a provisioner
   * that learns of it only when asked again, as the local one, never calls it).
   */
  default void onProgress(BiConsumer<String, String> listener) {}

  /**
   * True when {@link #onProgress} tells of every step an instance that is being provisioned waits
   * for: such an instance need not be looked at again on a short timer, only as a safety net.
   */
  default boolean reportsProgress() {
    return false;
  }

  /** The provisioner's name, for logs and status messages. */
  String name();

  @Override
  default void close() {}
}
