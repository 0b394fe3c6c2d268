import io.exordos.s3aas.operator.provision.RustfsEnvTemplate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints rustfs.env rendered by the operator's own renderer (run with operator/target/classes on
 * the class path), so the packaging checks see exactly what a node receives.
 *
 * <pre>
 *   java -cp operator/target/classes packer/ci/RenderEnv.java single|distributed
 * </pre>
 */
public final class RenderEnv {
  public static void main(String[] args) {
    boolean distributed = args.length > 0 && args[0].equals("distributed");
    Map<String, String> v = new LinkedHashMap<>();
    v.put("root_user", "admin");
    v.put("root_secret", "0123456789abcdef0123456789abcdef");
    v.put("address", "0.0.0.0:9000");
    v.put("console_address", "127.0.0.1:9001");
    v.put("region", "us-east-1");
    v.put("obs_level", "error");
    if (distributed) {
      v.put("volumes", "http://node{1...4}.rustfs.internal:9000/var/lib/rustfs/data");
      v.put("storage_class", "EC:2");
      v.put(
          "hosts",
          "10.20.0.11=node1.rustfs.internal,10.20.0.12=node2.rustfs.internal,"
              + "10.20.0.13=node3.rustfs.internal,10.20.0.14=node4.rustfs.internal");
    } else {
      v.put("volumes", "/var/lib/rustfs/data");
    }
    System.out.print(RustfsEnvTemplate.render(v));
  }
}
