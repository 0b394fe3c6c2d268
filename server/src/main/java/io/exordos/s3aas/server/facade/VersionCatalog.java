package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The versions catalog the facade serves ({@code GET /v1/types/s3/versions}) and checks {@code
 * version} against: {@code versions: {"0.0.1": {image: URL}}}, the built-in one being the resource
 * {@code /s3aas-versions.yaml}, the same file the operator boots nodes from.
 */
public final class VersionCatalog {
  public static final String RESOURCE = "/s3aas-versions.yaml";

  /**
   * One version; {@code uuid} is derived from the name, stable, as the Python plugin's rows had
   * one.
   */
  public record Entry(String uuid, String name, String image) {}

  private final Map<String, Entry> byName;

  private VersionCatalog(Map<String, Entry> byName) {
    this.byName = byName;
  }

  public static VersionCatalog load(@Nullable Path file) {
    try {
      if (file != null) {
        return parse(Files.readAllBytes(file));
      }
      try (InputStream in = VersionCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        return parse(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the versions catalog " + (file == null ? RESOURCE : file), e);
    }
  }

  static VersionCatalog parse(byte[] yaml) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
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
              String uuid =
                  UUID.nameUUIDFromBytes(
                          ("s3aas-version:" + e.getKey()).getBytes(StandardCharsets.UTF_8))
                      .toString();
              out.put(e.getKey(), new Entry(uuid, e.getKey(), image));
            });
    return new VersionCatalog(out);
  }

  public Collection<Entry> all() {
    return byName.values();
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
