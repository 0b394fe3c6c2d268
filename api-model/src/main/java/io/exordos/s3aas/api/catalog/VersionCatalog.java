package io.exordos.s3aas.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The versions catalog: an instance's {@code spec.version} to the data-plane image its nodes boot
 * from, {@code versions: {"0.0.1": {image: URL}}} in YAML or JSON. The built-in one is the resource
 * {@value #RESOURCE}; the server serves and checks against it, the operator boots nodes from it.
 */
public final class VersionCatalog {
  public static final String RESOURCE = "/s3aas-versions.yaml";

  /** One version: its name ({@code 0.0.1}) and the image its nodes boot from. */
  public record Entry(String name, String image) {
    /** A stable id derived from the name, as the Python plugin's version rows had one. */
    public String uuid() {
      return UUID.nameUUIDFromBytes(("s3aas-version:" + name).getBytes(StandardCharsets.UTF_8))
          .toString();
    }
  }

  private final Map<String, Entry> byName;

  private VersionCatalog(Map<String, Entry> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The built-in catalog, or the file's when one is given. */
  public static VersionCatalog load(@Nullable Path file) {
    if (file == null) {
      return builtIn();
    }
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the versions catalog " + file, e);
    }
  }

  public static VersionCatalog builtIn() {
    try (InputStream in = VersionCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the versions catalog " + RESOURCE, e);
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

  /** Every version by name, in the catalog's order. */
  public Map<String, Entry> all() {
    return byName;
  }

  /** By name ({@code 0.0.1}) or by uuid. */
  public Optional<Entry> find(String nameOrUuid) {
    Entry e = byName.get(nameOrUuid);
    if (e != null) {
      return Optional.of(e);
    }
    return byName.values().stream().filter(v -> v.uuid().equals(nameOrUuid)).findFirst();
  }
}
