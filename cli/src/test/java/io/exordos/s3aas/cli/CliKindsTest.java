package io.exordos.s3aas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** s3ctl's built-in kind table must match crds/ (names, short names, printer columns). */
class CliKindsTest {
  @Test
  void builtInKindsMatchTheCrds() throws Exception {
    for (CliKinds.Kind k : CliKinds.ALL) {
      if (!k.isS3aas()) {
        continue;
      }
      Path crd = Path.of("..", "crds", k.plural() + "." + k.group() + "-v1.yml");
      JsonNode c = Json.readYaml(Files.readString(crd));
      JsonNode names = c.path("spec").path("names");
      assertThat(names.path("kind").asText()).isEqualTo(k.kind());
      assertThat(names.path("singular").asText()).isEqualTo(k.singular());
      Set<String> shorts = new HashSet<>();
      names.path("shortNames").forEach(s -> shorts.add(s.asText()));
      assertThat(shorts).containsExactlyInAnyOrderElementsOf(k.shortNames());
      Set<String> crdColumns = new HashSet<>();
      c.path("spec")
          .path("versions")
          .get(0)
          .path("additionalPrinterColumns")
          .forEach(
              col ->
                  crdColumns.add(
                      col.path("name").asText()
                          + " "
                          + col.path("jsonPath").asText()
                          + " "
                          + col.path("priority").asInt()));
      Set<String> ours = new HashSet<>();
      k.columns().forEach(col -> ours.add(col.name() + " " + col.path() + " " + col.priority()));
      assertThat(ours).as(k.kind()).isEqualTo(crdColumns);
    }
  }

  @Test
  void resolvesShortNamesAndSuggestsForTypos() {
    assertThat(CliKinds.resolve("s3i")).isSameAs(CliKinds.S3_INSTANCE);
    assertThat(CliKinds.resolve("BKT")).isSameAs(CliKinds.BUCKET);
    assertThat(CliKinds.resolve("accesskeys.s3aas.exordos.io")).isSameAs(CliKinds.ACCESS_KEY);
    assertThatThrownBy(() -> CliKinds.resolve("bukcet"))
        .hasMessageContaining("did you mean \"bucket\"");
  }

  @Test
  void threeWayPatchDropsRemovedFieldsAndKeepsServerDefaults() throws Exception {
    JsonNode original = Json.parse("{\"spec\":{\"a\":1,\"b\":2}}");
    JsonNode modified = Json.parse("{\"spec\":{\"a\":1}}");
    JsonNode current = Json.parse("{\"spec\":{\"a\":1,\"b\":2,\"defaulted\":true}}");
    assertThat(Json.compact(ApplyCommand.threeWay(original, modified, current)))
        .isEqualTo("{\"spec\":{\"b\":null}}");
    assertThat(
            ApplyCommand.threeWay(
                modified, modified, Json.parse("{\"spec\":{\"a\":1,\"defaulted\":true}}")))
        .isEmpty();
  }
}
