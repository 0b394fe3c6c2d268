package io.exordos.s3aas.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing sees path segments without empty ones, however many slashes a client sends. */
class ExchangeTest {
  @Test
  void pathSegmentsIgnoreRepeatedLeadingAndTrailingSlashes() {
    assertThat(Exchange.segments("/")).isEqualTo(List.of(""));
    assertThat(Exchange.segments("")).isEqualTo(List.of(""));
    assertThat(Exchange.segments("//")).isEqualTo(List.of(""));
    assertThat(Exchange.segments("/api")).isEqualTo(List.of("api"));
    assertThat(Exchange.segments("/apis/s3aas.exordos.io/v1alpha1/"))
        .isEqualTo(List.of("apis", "s3aas.exordos.io", "v1alpha1"));
    assertThat(Exchange.segments("//api//v1///namespaces/default//"))
        .isEqualTo(List.of("api", "v1", "namespaces", "default"));
  }
}
