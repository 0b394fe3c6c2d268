package io.exordos.s3aas.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kinds this server serves: the s3aas CRDs (read from the generated CRD files that ship in
 * api-model, so the schema enforced here is the one in {@code crds/}) and a few core kinds the
 * operator and kubectl need.
 */
public final class ResourceRegistry {
  private static final String[] CRD_FILES = {
    "s3instances.s3aas.exordos.io-v1.yml",
    "buckets.s3aas.exordos.io-v1.yml",
    "s3policies.s3aas.exordos.io-v1.yml",
    "s3users.s3aas.exordos.io-v1.yml",
    "accesskeys.s3aas.exordos.io-v1.yml",
  };

  private final Map<String, ResourceType> byGroupVersionPlural = new LinkedHashMap<>();
  private final Map<String, JsonNode> crds = new LinkedHashMap<>();

  private ResourceRegistry() {}

  public static ResourceRegistry load() {
    ResourceRegistry registry = new ResourceRegistry();
    BuiltinTypes.all().forEach(registry::add);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (String file : CRD_FILES) {
      JsonNode crd = readCrd(yaml, "META-INF/fabric8/" + file);
      registry.crds.put(crd.path("metadata").path("name").asText(), crd);
      registry.add(fromCrd(crd));
    }
    return registry;
  }

  private static JsonNode readCrd(ObjectMapper yaml, String resource) {
    try (InputStream in = ResourceRegistry.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + resource + " is missing from the classpath");
      }
      return yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRD " + resource, e);
    }
  }

  static ResourceType fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    JsonNode version = spec.path("versions").get(0);
    List<PrinterColumn> columns = new ArrayList<>();
    for (JsonNode c : version.path("additionalPrinterColumns")) {
      columns.add(
          new PrinterColumn(
              c.path("name").asText(),
              c.path("type").asText(),
              c.path("jsonPath").asText(),
              c.path("priority").asInt()));
    }
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
    return new ResourceType(
        spec.path("group").asText(),
        version.path("name").asText(),
        names.path("kind").asText(),
        names.path("plural").asText(),
        names.path("singular").asText(),
        List.copyOf(shortNames),
        "Namespaced".equals(spec.path("scope").asText()),
        version.path("subresources").has("status"),
        withObjectEnvelope((ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy()),
        orderForTables(columns),
        true);
  }

  /** The generated schema lacks apiVersion, kind and metadata, which every object carries. */
  private static JsonNode withObjectEnvelope(ObjectNode schema) {
    ObjectNode properties = schema.withObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    return schema;
  }

  /**
   * The CRD generator sorts columns by name; Kubernetes convention puts Age last, so tables read
   * the same as kubectl's built-in ones.
   */
  private static List<PrinterColumn> orderForTables(List<PrinterColumn> columns) {
    List<PrinterColumn> ordered = new ArrayList<>();
    columns.stream().filter(c -> !c.type().equals("date")).forEach(ordered::add);
    columns.stream().filter(c -> c.type().equals("date")).forEach(ordered::add);
    return List.copyOf(ordered);
  }

  private void add(ResourceType type) {
    byGroupVersionPlural.put(key(type.group(), type.version(), type.plural()), type);
  }

  private static String key(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(byGroupVersionPlural.get(key(group, version, plural)));
  }

  /** The type stored under a group and plural; each group serves one version. */
  public Optional<ResourceType> findByResource(String group, String plural) {
    return byGroupVersionPlural.values().stream()
        .filter(t -> t.group().equals(group) && t.plural().equals(plural))
        .findFirst();
  }

  public Optional<ResourceType> findByKind(String apiVersion, String kind) {
    return byGroupVersionPlural.values().stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  public Collection<ResourceType> all() {
    return byGroupVersionPlural.values();
  }

  /** Types grouped by API group version ("v1", "s3aas.exordos.io/v1alpha1", ...). */
  public Map<String, List<ResourceType>> byGroupVersion() {
    Map<String, List<ResourceType>> result = new TreeMap<>();
    for (ResourceType t : all()) {
      result.computeIfAbsent(t.groupVersion(), k -> new ArrayList<>()).add(t);
    }
    return result;
  }

  /** The CustomResourceDefinitions as generated, served read-only under apiextensions. */
  public Map<String, JsonNode> crds() {
    return crds;
  }
}
