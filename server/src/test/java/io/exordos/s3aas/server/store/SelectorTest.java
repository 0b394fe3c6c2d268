package io.exordos.s3aas.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label and field selectors as list and watch accept them (kubectl -l and --field-selector). */
class SelectorTest {
  private static ObjectNode object(String namespace, String name, Map<String, String> labels) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode meta = o.putObject("metadata").put("namespace", namespace).put("name", name);
    ObjectNode l = meta.putObject("labels");
    labels.forEach(l::put);
    return o;
  }

  private static final ObjectNode PROD_WEB =
      object("ns1", "a", Map.of("env", "prod", "tier", "web"));
  private static final ObjectNode UNLABELLED = object("ns2", "b", Map.of());

  @Test
  void anEmptySelectorSelectsEverything() {
    Selector s = Selector.parse(" ", null);
    assertThat(s.isEverything()).isTrue();
    assertThat(s.matches(UNLABELLED)).isTrue();
  }

  @Test
  void equalityTermsAreTheOnesPushedDownAndInequalityMatchesAnAbsentLabel() {
    Selector s = Selector.parse("env=prod,tier==web", null);
    assertThat(s.labelEqualities())
        .containsExactly(Map.entry("env", "prod"), Map.entry("tier", "web"));
    assertThat(s.matches(PROD_WEB)).isTrue();
    Selector not = Selector.parse("env!=prod", null);
    assertThat(not.labelEqualities()).isEmpty();
    assertThat(not.matches(PROD_WEB)).isFalse();
    assertThat(not.matches(UNLABELLED)).isTrue();
  }

  @Test
  void setTermsSplitOnlyOnCommasOutsideTheirParentheses() {
    Selector s = Selector.parse("env in (dev, prod),tier=web", null);
    assertThat(s.matches(PROD_WEB)).isTrue();
    assertThat(s.matches(UNLABELLED)).isFalse();
    Selector notin = Selector.parse("env notin (prod)", null);
    assertThat(notin.matches(PROD_WEB)).isFalse();
    assertThat(notin.matches(UNLABELLED)).isTrue();
  }

  @Test
  void existenceTerms() {
    assertThat(Selector.parse("env", null).matches(PROD_WEB)).isTrue();
    assertThat(Selector.parse("env", null).matches(UNLABELLED)).isFalse();
    assertThat(Selector.parse("!env", null).matches(UNLABELLED)).isTrue();
    assertThat(Selector.parse("example.com/owner", null).matches(UNLABELLED)).isFalse();
  }

  @Test
  void aBadLabelTermIsRefusedNamingIt() {
    assertThatThrownBy(() -> Selector.parse("env in ()", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid label selector term \"env in ()\": for 'in', 'notin' operators, values set"
                + " can't be empty");
    assertThatThrownBy(() -> Selector.parse("-env=prod", null))
        .hasMessageContaining("\"-env\" is not a valid label key");
    assertThatThrownBy(() -> Selector.parse("env=" + "v".repeat(64), null))
        .hasMessageContaining("is not a valid label value");
    assertThatThrownBy(() -> Selector.parse("env=a b", null))
        .hasMessage("invalid label selector term \"env=a b\"");
  }

  @Test
  void fieldSelectorsOnNameAndNamespace() {
    Selector byName = Selector.parse(null, "metadata.name=a");
    assertThat(byName.exactName()).isEqualTo("a");
    assertThat(byName.matches(PROD_WEB)).isTrue();
    assertThat(byName.matches(UNLABELLED)).isFalse();
    Selector notName = Selector.parse(null, "metadata.name!=a");
    assertThat(notName.exactName()).isNull();
    assertThat(notName.matches(UNLABELLED)).isTrue();
    assertThat(Selector.parse(null, "metadata.namespace=ns2").matches(UNLABELLED)).isTrue();
  }

  @Test
  void onlyEventsMaySelectByTheirInvolvedObject() {
    assertThatThrownBy(() -> Selector.parse(null, "involvedObject.name=a"))
        .hasMessage(
            "field label not supported: involvedObject.name (use metadata.name or"
                + " metadata.namespace)");
    ObjectNode event = object("ns1", "e1", Map.of());
    event.putObject("involvedObject").put("name", "a");
    event.put("reason", "Failed");
    assertThat(Selector.parse(null, "involvedObject.name=a,reason=Failed", true).matches(event))
        .isTrue();
    assertThatThrownBy(() -> Selector.parse(null, "spec.size=1", true))
        .hasMessageContaining("or an involvedObject field)");
  }
}
