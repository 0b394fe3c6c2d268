package io.exordos.s3aas.server.registry;

import java.util.List;

/**
 * The core kinds served beside the CRDs: namespaces (one per MetaPaaS project), secrets
 * (credentials), events (for describe) and leases (operator leader election). Their objects are
 * stored as given, with only the checks a Kubernetes API server makes on their structure.
 */
final class BuiltinTypes {
  private BuiltinTypes() {}

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
            null,
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
            null,
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
            null,
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
            null,
            List.of(
                new PrinterColumn("Holder", "string", ".spec.holderIdentity", 0),
                new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0)),
            false));
  }
}
