package io.exordos.s3aas.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An Exordos provisioner is complete when it is made, and its password never shows. */
class ProvisionerConfigTest {
  @Test
  void aMissingOrBlankExordosOptionIsAnErrorNamingIt() {
    assertThatThrownBy(() -> ProvisionerConfig.Exordos.of(null, "u", "p", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the exordos provisioner needs --exordos-url");
    assertThatThrownBy(() -> ProvisionerConfig.Exordos.of("http://core", " ", "p", null))
        .hasMessage("the exordos provisioner needs --exordos-user");
    assertThatThrownBy(() -> ProvisionerConfig.Exordos.of("http://core", "u", null, null))
        .hasMessage("the exordos provisioner needs --exordos-password");
  }

  @Test
  void theProjectIsOptionalAndThePasswordIsNotShown() {
    ProvisionerConfig.Exordos e = ProvisionerConfig.Exordos.of("http://core", "u", "s3cret", null);
    assertThat(e.project()).isNull();
    assertThat(e.name()).isEqualTo("exordos");
    assertThat(e.toString()).contains("http://core").doesNotContain("s3cret");
  }
}
