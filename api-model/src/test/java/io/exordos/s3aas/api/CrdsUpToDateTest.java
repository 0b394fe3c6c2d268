package io.exordos.s3aas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in crds/ are what users apply to a real cluster; they must be exactly what the model
 * generates. Run `make crds` after changing the model.
 */
class CrdsUpToDateTest {
  private static final Path GENERATED = Paths.get("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Paths.get("../crds");

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    List<Path> generated = list(GENERATED);
    assertThat(generated).as("the CRD generator ran").isNotEmpty();
    assertThat(list(COMMITTED).stream().map(p -> p.getFileName().toString()))
        .as("crds/ holds one file per kind (run `make crds`)")
        .containsExactlyInAnyOrderElementsOf(
            generated.stream().map(p -> p.getFileName().toString()).toList());
    for (Path g : generated) {
      assertThat(Files.readString(COMMITTED.resolve(g.getFileName())))
          .as("crds/%s is out of date: run `make crds`", g.getFileName())
          .isEqualTo(Files.readString(g));
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
