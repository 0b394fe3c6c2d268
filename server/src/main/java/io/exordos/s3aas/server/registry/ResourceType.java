package io.exordos.s3aas.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything the server knows about one kind: its names, scope, schema and table columns.
 *
 * @param schema the OpenAPI v3 schema of the whole object, or null for kinds stored as given
 * @param custom true for the s3aas CRDs (strict Kubernetes CRD semantics: a PUT needs a
 *     resourceVersion, generation tracks the spec); false for the built-in core kinds
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    List<String> shortNames,
    boolean namespaced,
    boolean statusSubresource,
    @Nullable JsonNode schema,
    List<PrinterColumn> printerColumns,
    boolean custom) {

  public static final List<String> VERBS =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String groupVersion() {
    return apiVersion();
  }

  public String listKind() {
    return kind + "List";
  }

  /** The {@code plural.group} name kubectl prints, e.g. {@code s3instances.s3aas.exordos.io}. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** Path prefix of this kind's API group version, e.g. {@code /apis/g/v} or {@code /api/v1}. */
  public String basePath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  public boolean isSecret() {
    return group.isEmpty() && plural.equals("secrets");
  }
}
