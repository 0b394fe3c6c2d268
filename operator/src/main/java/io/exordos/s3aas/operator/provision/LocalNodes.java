package io.exordos.s3aas.operator.provision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What runs behind one node of a local instance: the {@link LocalProvisioner}'s only seam. The
 * operator brings {@link RustfsProcesses} (a real {@code rustfs} binary); local mode in the
 * launcher ({@code dist}) adds the in-process RustFS node emulator when no binary is at hand, so
 * the production operator never compiles against a test double.
 */
public interface LocalNodes {
  /** A started node. */
  interface Node {
    boolean alive();

    void stop();
  }

  /**
   * Starts one node serving S3 on {@code 127.0.0.1:port}, its data under {@code dir/data}.
   *
   * @param env the node's {@code rustfs.env} variables (root credentials, address, volumes)
   * @throws RuntimeException when the port is taken meanwhile: the provisioner picks another
   */
  Node start(InstancePlan plan, Path dir, int port, Map<String, String> env) throws IOException;
}
