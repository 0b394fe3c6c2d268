package io.exordos.s3aas.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one versions catalog the server serves and the operator boots nodes from. */
class VersionCatalogTest {
  @Test
  void builtInCatalogNamesAnImagePerVersion() {
    VersionCatalog catalog = VersionCatalog.builtIn();
    assertThat(catalog.all()).containsKey("0.0.1");
    assertThat(catalog.all().get("0.0.1").image()).startsWith("https://").endsWith(".raw.zst");
  }

  @Test
  void aVersionIsFoundByNameOrByItsStableUuid() {
    VersionCatalog.Entry e = VersionCatalog.builtIn().find("0.0.1").orElseThrow();
    assertThat(e.uuid()).isEqualTo(new VersionCatalog.Entry("0.0.1", "other").uuid());
    assertThat(VersionCatalog.builtIn().find(e.uuid())).contains(e);
    assertThat(VersionCatalog.builtIn().find("9.9.9")).isEmpty();
  }

  @Test
  void aFileReplacesTheBuiltInOneAndAVersionWithoutImageIsRefused(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("versions.json");
    Files.writeString(file, "{\"versions\": {\"2.0.0\": {\"image\": \"https://x/2.raw\"}}}");
    assertThat(VersionCatalog.load(file).all()).containsOnlyKeys("2.0.0");
    assertThat(VersionCatalog.load(null).all()).isEqualTo(VersionCatalog.builtIn().all());
    assertThatThrownBy(
            () ->
                VersionCatalog.parse("versions:\n  \"1.0\": {}\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("version 1.0 has no image");
  }
}
