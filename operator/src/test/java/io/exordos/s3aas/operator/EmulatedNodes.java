package io.exordos.s3aas.operator;

import io.exordos.s3aas.emulator.rustfs.RustfsNode;
import io.exordos.s3aas.operator.provision.InstancePlan;
import io.exordos.s3aas.operator.provision.LocalNodes;
import io.exordos.s3aas.operator.provision.ProvisionerConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Local nodes as in-process RustFS node emulators, for the operator's own tests (the launcher's
 * local mode has its own: the operator's main code does not see the emulator).
 */
final class EmulatedNodes implements LocalNodes {
  static ProvisionerConfig.Local local(Path stateDir) {
    return new ProvisionerConfig.Local(stateDir, new EmulatedNodes());
  }

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
