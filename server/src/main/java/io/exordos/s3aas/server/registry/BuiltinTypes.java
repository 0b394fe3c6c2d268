package io.exordos.s3aas.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The core kinds served beside the CRDs: namespaces (one per MetaPaaS project), secrets
 * (credentials), events (for describe) and leases (operator leader election). Their objects are
 * checked against the schemas of their Kubernetes definitions (builtin-schemas.yaml).
 */
final class BuiltinTypes {
  /**
   * Their schemas: objects of these kinds are pruned and checked under fieldValidation as the s3aas
   * kinds are.
   */
  private static final JsonNode SCHEMAS = load();

  private BuiltinTypes() {}

  private static JsonNode load() {
    try (InputStream in = BuiltinTypes.class.getResourceAsStream("builtin-schemas.yaml")) {
      return new ObjectMapper(new YAMLFactory())
          .readTree(Objects.requireNonNull(in, "builtin-schemas.yaml is missing"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ResourceType> all() {
    return List.of(
        new ResourceType(
            "",
            "v1",
            "Namespace",
            "namespaces",
            "namespace",
            List.of("ns"),
            false,
            true,
            SCHEMAS.get("Namespace"),
            List.of(
                new PrinterColumn("Status", "string", ".status.phase", 0),
                new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0)),
            false),
        new ResourceType(
            "",
            "v1",
            "Secret",
            "secrets",
            "secret",
            List.of(),
            true,
            false,
            SCHEMAS.get("Secret"),
            List.of(
                new PrinterColumn("Type", "string", ".type", 0),
                new PrinterColumn("Data", "integer", ".data", 0),
                new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0)),
            false),
        new ResourceType(
            "",
            "v1",
            "Event",
            "events",
            "event",
            List.of("ev"),
            true,
            false,
            SCHEMAS.get("Event"),
            List.of(
                new PrinterColumn("Type", "string", ".type", 0),
                new PrinterColumn("Reason", "string", ".reason", 0),
                new PrinterColumn("Object", "string", ".involvedObject.name", 0),
                new PrinterColumn("Message", "string", ".message", 0),
                new PrinterColumn("Last Seen", "date", ".lastTimestamp", 0)),
            false),
        new ResourceType(
            "coordination.k8s.io",
            "v1",
            "Lease",
            "leases",
            "lease",
            List.of(),
            true,
            false,
            SCHEMAS.get("Lease"),
            List.of(
                new PrinterColumn("Holder", "string", ".spec.holderIdentity", 0),
                new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0)),
            false));
  }
}
