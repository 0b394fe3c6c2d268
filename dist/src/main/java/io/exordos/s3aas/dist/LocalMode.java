package io.exordos.s3aas.dist;

import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import io.exordos.s3aas.operator.provision.InstancePlan;
import io.exordos.s3aas.operator.provision.LocalNodes;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import io.exordos.s3aas.operator.provision.RustfsProcesses;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's nodes ({@code s3aas up}, {@code s3aas operator --provisioner local}): a real {@code
 * rustfs} binary when one is on PATH, else the in-process RustFS node emulator. The choice lives
 * here, in the launcher, so the operator itself never depends on the emulator.
 */
final class LocalMode {
  private static final Logger LOG = LoggerFactory.getLogger(LocalMode.class);

  private LocalMode() {}

  static ProvisionerConfig.Local provisioner(Path stateDir) {
    LocalNodes nodes =
        RustfsProcesses.onPath()
            .<LocalNodes>map(RustfsProcesses::new)
            .orElseGet(
                () -> {
                  LOG.info(
                      "no rustfs binary on PATH: local nodes run the in-process RustFS node"
                          + " emulator");
                  return new EmulatedNodes();
                });
    return new ProvisionerConfig.Local(stateDir, nodes);
  }

  /** Nodes as in-process RustFS node emulators, with the plan's root credentials. */
  static final class EmulatedNodes implements LocalNodes {
    @Override
    public Node start(InstancePlan plan, Path dir, int port, Map<String, String> env) {
      RustfsNode node =
          RustfsNode.start(
              RustfsNode.Config.of(plan.rootUser(), plan.rootSecret())
                  .withPort(port)
                  .withDataDir(dir.resolve("data")));
      return new Node() {
        @Override
        public boolean alive() {
          return true;
        }

        @Override
        public void stop() {
          node.stop();
        }
      };
    }
  }
}
