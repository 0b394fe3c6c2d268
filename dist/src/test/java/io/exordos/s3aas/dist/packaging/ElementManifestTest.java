package io.exordos.s3aas.dist.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The s3aas element manifest, rendered the way {@code make manifests} renders it ({@code
 * exordos/render.py} with a repository and an index URL), checked against the manifest structure
 * Exordos Core expects and against the IAM permissions s3aas declares and checks.
 */
class ElementManifestTest {
  static final String REPOSITORY = "http://repo.test:8081/exordos-elements";
  static final String INDEX_URL = "http://repo.test:8081/simple/";
  static final String OWNER_ROLE = "726f6c65-0000-0000-0000-000000000002";
  static final String METAPAAS_PROJECT = "4d657461-0000-0000-0000-000000000002";
  static final List<String> RESOURCES =
      List.of("s3_instance", "bucket", "policy", "user", "access_key");
  static final List<String> ACTIONS = List.of("create", "read", "update", "delete");
  static final Set<String> TOP_LEVEL =
      Set.of(
          "name",
          "description",
          "schema_version",
          "version",
          "api_version",
          "requirements",
          "resources",
          "exports",
          "imports");

  /**
   * A collection link: {@code $core.compute.nodes}, {@code $s3aas.imports.$core_lb.backend_pools}.
   */
  static final Pattern COLLECTION = Pattern.compile("\\$[a-z][a-z0-9_]*(\\.\\$?[a-z][a-z0-9_]*)+");

  /**
   * A reference to one resource, optionally to a field: {@code $core.iam.roles.$s3aas_viewer:uuid}.
   */
  static final Pattern REFERENCE =
      Pattern.compile(
          "(\\$[a-z][a-z0-9_]*(?:\\.\\$?[a-z][a-z0-9_]*)*)\\.\\$([a-z][a-z0-9_]*)((?::[a-z0-9_]+)*)");

  static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  static Path root;
  static JsonNode manifest;
  static String elementVersion;

  @BeforeAll
  static void render(@TempDir Path out) throws Exception {
    root = projectRoot();
    Process p =
        new ProcessBuilder(
                python(),
                "exordos/render.py",
                "--repository",
                REPOSITORY,
                "--index-url",
                INDEX_URL,
                "--out",
                out.toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("render.py finished").isTrue();
    assertThat(p.exitValue()).as("render.py: " + log).isZero();
    Path rendered = out.resolve("s3aas.yaml");
    assertThat(rendered).exists();
    manifest = new YAMLMapper().readTree(rendered.toFile());
    elementVersion =
        new YAMLMapper()
            .readTree(root.resolve("exordos/exordos.yaml").toFile())
            .path("version")
            .asText();
  }

  @Test
  void headerIsWhatCoreExpects() {
    assertThat(fieldNames(manifest))
        .isSubsetOf(TOP_LEVEL)
        .contains("name", "version", "schema_version", "api_version", "resources");
    assertThat(manifest.path("name").asText()).isEqualTo("s3aas");
    assertThat(manifest.path("version").asText())
        .isEqualTo(elementVersion)
        .matches("\\d+\\.\\d+\\.\\d+");
    assertThat(manifest.path("schema_version").isInt()).isTrue();
    assertThat(manifest.path("schema_version").asInt()).isEqualTo(1);
    assertThat(manifest.path("api_version").asText()).isEqualTo("v1");
    assertThat(manifest.path("description").asText()).isNotBlank();
  }

  @Test
  void requirementsNameCoreAndMetapaas() {
    JsonNode req = manifest.path("requirements");
    assertThat(fieldNames(req)).containsExactlyInAnyOrder("core", "metapaas");
    req.properties()
        .iterator()
        .forEachRemaining(
            e -> {
              assertThat(e.getValue().path("from_version").asText())
                  .as(e.getKey())
                  .matches("\\d+\\.\\d+\\.\\d+");
              assertThat(fieldNames(e.getValue()))
                  .as(e.getKey())
                  .isSubsetOf("from_version", "to_version");
            });
  }

  @Test
  void resourcesAreKeyedByCollectionLinksAndNamedByIdentifiers() {
    JsonNode resources = manifest.path("resources");
    assertThat(resources.isObject()).isTrue();
    Set<String> imports = fieldNames(manifest.path("imports"));
    resources
        .properties()
        .iterator()
        .forEachRemaining(
            collection -> {
              String link = collection.getKey();
              assertThat(link).matches(COLLECTION);
              if (link.startsWith("$s3aas.imports.$")) {
                String imported = link.substring("$s3aas.imports.$".length()).split("\\.", -1)[0];
                assertThat(imports).as(link + " extends an import").contains(imported);
              } else {
                assertThat(link).as("a collection of Core").startsWith("$core.");
              }
              assertThat(collection.getValue().isObject()).as(link).isTrue();
              assertThat(collection.getValue().size()).as(link + " is not empty").isPositive();
              collection
                  .getValue()
                  .properties()
                  .iterator()
                  .forEachRemaining(
                      r -> {
                        assertThat(r.getKey()).as(link).matches(IDENTIFIER);
                        assertThat(r.getValue().isObject()).as(link + "." + r.getKey()).isTrue();
                      });
            });
  }

  @Test
  void everyReferenceResolvesToADeclaredResourceOrImport() {
    Set<String> declared = new TreeSet<>();
    manifest
        .path("resources")
        .properties()
        .iterator()
        .forEachRemaining(
            c ->
                c.getValue()
                    .fieldNames()
                    .forEachRemaining(n -> declared.add(c.getKey() + ".$" + n)));
    Set<String> imports = fieldNames(manifest.path("imports"));
    List<String> references = new ArrayList<>();
    strings(manifest.path("resources"), references);
    strings(manifest.path("exports"), references);
    assertThat(references).isNotEmpty();
    for (String text : references) {
      Matcher m = REFERENCE.matcher(text);
      while (m.find()) {
        String target = m.group(1) + ".$" + m.group(2);
        if (target.startsWith("$s3aas.imports.$")
            && !target.substring("$s3aas.imports.$".length()).contains(".")) {
          assertThat(imports).as(text).contains(m.group(2));
        } else if (target.startsWith("$core.network.lb.$core_lb.")) {
          // the Core LB's own collection path for a pool declared through the core_lb import
          String pool = target.replace("$core.network.lb.$core_lb.", "$s3aas.imports.$core_lb.");
          assertThat(declared).as(text).contains(pool);
        } else {
          assertThat(declared).as(text).contains(target);
        }
      }
    }
  }

  @Test
  void importsAndExportsAreWellFormed() {
    manifest
        .path("imports")
        .properties()
        .iterator()
        .forEachRemaining(
            e -> {
              assertThat(e.getKey()).matches(IDENTIFIER);
              assertThat(e.getValue().path("element").asText()).isEqualTo("$core");
              assertThat(e.getValue().path("kind").asText()).isEqualTo("resource");
              assertThat(e.getValue().path("link").asText()).startsWith("$core.");
            });
    assertThat(fieldNames(manifest.path("exports"))).contains("node", "versions");
    manifest
        .path("exports")
        .properties()
        .iterator()
        .forEachRemaining(
            e -> assertThat(e.getValue().path("link").asText()).as(e.getKey()).startsWith("$"));
  }

  @Test
  void declaresExactlyTheS3Permissions() {
    Set<String> names = new TreeSet<>();
    manifest
        .path("resources")
        .path("$core.iam.permissions")
        .forEach(p -> names.add(p.path("name").asText()));
    assertThat(names).isEqualTo(expectedPermissions());
    assertThat(names).hasSize(21);
  }

  @Test
  void rolesGetTheirPermissionsInTheMetapaasProject() {
    Map<String, String> keyToName = new java.util.HashMap<>();
    manifest
        .path("resources")
        .path("$core.iam.permissions")
        .properties()
        .iterator()
        .forEachRemaining(e -> keyToName.put(e.getKey(), e.getValue().path("name").asText()));
    Map<String, Set<String>> byRole = new java.util.HashMap<>();
    manifest
        .path("resources")
        .path("$core.iam.permissionbinding")
        .forEach(
            b -> {
              assertThat(b.path("project_id").asText()).isEqualTo(METAPAAS_PROJECT);
              Matcher m =
                  Pattern.compile("\\$core\\.iam\\.permissions\\.\\$([a-z0-9_]+):uuid")
                      .matcher(b.path("permission").asText());
              assertThat(m.matches()).as(b.toString()).isTrue();
              String role = b.path("role").asText();
              String key =
                  role.equals(OWNER_ROLE)
                      ? "owner"
                      : role.replaceAll("^\\$core\\.iam\\.roles\\.\\$s3aas_([a-z]+):uuid$", "$1");
              assertThat(
                      byRole
                          .computeIfAbsent(key, k -> new TreeSet<>())
                          .add(keyToName.get(m.group(1))))
                  .as("bound once: " + b)
                  .isTrue();
            });
    Set<String> all = expectedPermissions();
    assertThat(byRole.keySet()).containsExactlyInAnyOrder("owner", "operator", "viewer");
    assertThat(byRole.get("owner")).isEqualTo(all);
    assertThat(byRole.get("operator"))
        .isEqualTo(
            all.stream()
                .filter(
                    p ->
                        !p.equals("exordos_s3.s3_instance.create")
                            && !p.equals("exordos_s3.s3_instance.delete"))
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(byRole.get("viewer"))
        .isEqualTo(
            all.stream()
                .filter(p -> p.endsWith(".read"))
                .collect(Collectors.toCollection(TreeSet::new)));
    JsonNode roles = manifest.path("resources").path("$core.iam.roles");
    assertThat(fieldNames(roles)).containsExactlyInAnyOrder("s3aas_operator", "s3aas_viewer");
  }

  @Test
  void everyPermissionTheServerChecksIsDeclared() throws IOException {
    Set<String> checked = new TreeSet<>();
    Pattern literal = Pattern.compile("\"(exordos_s3\\.[a-z_]+\\.[a-z]+)\"");
    try (Stream<Path> files = Files.walk(root.resolve("server/src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          checked.add(m.group(1));
        }
      }
    }
    Set<String> declared = new TreeSet<>();
    manifest
        .path("resources")
        .path("$core.iam.permissions")
        .forEach(p -> declared.add(p.path("name").asText()));
    assertThat(declared).containsAll(checked);
  }

  @Test
  void versionsCatalogPointsIntoTheRepository() throws IOException {
    JsonNode configs = manifest.path("resources").path("$core.config.configs");
    JsonNode versions = configs.path("s3aas_versions");
    assertThat(versions.path("path").asText()).isEqualTo("/etc/s3aas/versions.yaml");
    JsonNode catalog = new YAMLMapper().readTree(versions.path("body").path("content").asText());
    assertThat(catalog.path("versions").size()).isPositive();
    catalog
        .path("versions")
        .properties()
        .iterator()
        .forEachRemaining(
            v ->
                assertThat(v.getValue().path("image").asText())
                    .isEqualTo(
                        REPOSITORY
                            + "/s3aas/"
                            + elementVersion
                            + "/images/exordos-metapaas-s3-dp.raw.zst"));
    // the same versions (and RustFS releases) as the catalog built into the server and operator
    try (InputStream in = ElementManifestTest.class.getResourceAsStream("/s3aas-versions.yaml")) {
      if (in != null) {
        JsonNode builtIn = new YAMLMapper().readTree(in).path("versions");
        assertThat(fieldNames(catalog.path("versions"))).isEqualTo(fieldNames(builtIn));
        builtIn
            .properties()
            .iterator()
            .forEachRemaining(
                v ->
                    assertThat(catalog.path("versions").path(v.getKey()).path("rustfs").asText())
                        .isEqualTo(v.getValue().path("rustfs").asText()));
      }
    }
  }

  @Test
  void controlPlaneIsDeployedAndRouted() {
    JsonNode node = manifest.path("resources").path("$core.compute.nodes").path("s3aas_cp");
    JsonNode disks = node.path("disk_spec").path("disks");
    assertThat(disks.get(0).path("image").asText())
        .isEqualTo(REPOSITORY + "/s3aas/" + elementVersion + "/images/s3aas-cp.raw.zst");
    assertThat(disks.get(1).path("label").asText()).isEqualTo("data");
    String env =
        manifest
            .path("resources")
            .path("$core.config.configs")
            .path("s3aas_cp_env")
            .path("body")
            .path("content")
            .asText();
    assertThat(env)
        .contains("S3AAS_INDEX_URL=" + INDEX_URL)
        .contains("S3AAS_EXORDOS_PROJECT=" + METAPAAS_PROJECT);
    Set<String> prefixes = new LinkedHashSet<>();
    manifest
        .path("resources")
        .path("$s3aas.imports.$core_lb_http_vhost.routes")
        .forEach(r -> prefixes.add(r.path("condition").path("value").asText()));
    assertThat(prefixes).contains("/v1/types/s3/", "/api/s3aas/");
    JsonNode pool =
        manifest
            .path("resources")
            .path("$s3aas.imports.$core_lb.backend_pools")
            .path("core_lb_s3aas_backend_http");
    assertThat(pool.path("endpoints").get(0).path("port").asInt()).isEqualTo(8080);
  }

  static Set<String> expectedPermissions() {
    Set<String> all = new TreeSet<>();
    for (String r : RESOURCES) {
      for (String a : ACTIONS) {
        all.add("exordos_s3." + r + "." + a);
      }
    }
    all.add("exordos_s3.s3_version.read");
    return all;
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new TreeSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static void strings(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      strings(it.next(), out);
    }
  }

  static Path projectRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("exordos/render.py"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("project root with exordos/render.py").isNotNull();
    return dir;
  }

  static String python() {
    String env = System.getenv("PYTHON");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return Files.isExecutable(Paths.get("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }
}
