package io.exordos.s3aas.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The versions catalog: an instance's {@code spec.version} to the data-plane image its nodes boot
 * from. Read from YAML or JSON ({@code versions: {"0.0.1": {image: URL}}}); the built-in one is the
 * resource {@code s3aas-versions.yaml}.
 */
public final class VersionCatalog {
  public static final String RESOURCE = "/s3aas-versions.yaml";

  public record Entry(String version, String image) {}

  private final Map<String, Entry> versions;

  private VersionCatalog(Map<String, Entry> versions) {
    this.versions = Collections.unmodifiableMap(versions);
  }

  public static VersionCatalog builtIn() {
    try (InputStream in = VersionCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static VersionCatalog load(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read versions catalog " + file, e);
    }
  }

  static VersionCatalog parse(byte[] yamlOrJson) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yamlOrJson);
    Map<String, Entry> out = new LinkedHashMap<>();
    root.path("versions")
        .properties()
        .iterator()
        .forEachRemaining(
            e -> {
              String image = e.getValue().path("image").asText("");
              if (image.isEmpty()) {
                throw new IllegalArgumentException("version " + e.getKey() + " has no image");
              }
              out.put(e.getKey(), new Entry(e.getKey(), image));
            });
    return new VersionCatalog(out);
  }

  public Optional<Entry> find(String version) {
    return Optional.ofNullable(versions.get(version));
  }

  public Map<String, Entry> all() {
    return versions;
  }
}
