package io.exordos.s3aas.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Policy documents compare as the plugin compares them, so a node's rewording is no drift. */
class PolicyDocumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode doc(String json) throws Exception {
    return JSON.readTree(json.replace('\'', '"'));
  }

  @Test
  void idsAndSidsTheNodeAddsAreIgnored() throws Exception {
    JsonNode mine =
        doc("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':['s3:GetObject']}]}");
    JsonNode node =
        doc(
            "{'ID':'x','Version':'2012-10-17','Statement':[{'Sid':'1','Effect':'Allow',"
                + "'Action':['s3:GetObject']}]}");
    assertThat(PolicyDocuments.same(mine, node)).isTrue();
  }

  @Test
  void aSingleStringIsAOneElementListAndOrderOrRepeatsOfActionsAndResourcesDoNotCount()
      throws Exception {
    JsonNode a =
        doc(
            "{'Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                + "'Resource':['arn:aws:s3:::b/*','arn:aws:s3:::b']}}");
    JsonNode b =
        doc(
            "{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
                + "'Action':['s3:GetObject','s3:GetObject'],"
                + "'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*']}]}");
    assertThat(PolicyDocuments.same(a, b)).isTrue();
  }

  @Test
  void anotherEffectActionOrStatementOrderIsADifference() throws Exception {
    JsonNode allow = doc("{'Statement':[{'Effect':'Allow','Action':'s3:GetObject'}]}");
    assertThat(
            PolicyDocuments.same(
                allow, doc("{'Statement':[{'Effect':'Deny','Action':'s3:GetObject'}]}")))
        .isFalse();
    assertThat(
            PolicyDocuments.same(
                allow, doc("{'Statement':[{'Effect':'Allow','Action':'s3:PutObject'}]}")))
        .isFalse();
    JsonNode two =
        doc("{'Statement':[{'Effect':'Allow','Action':'a'},{'Effect':'Deny','Action':'b'}]}");
    JsonNode swapped =
        doc("{'Statement':[{'Effect':'Deny','Action':'b'},{'Effect':'Allow','Action':'a'}]}");
    assertThat(PolicyDocuments.same(two, swapped)).isFalse();
  }

  @Test
  void aMissingDocumentIsNeverTheSame() throws Exception {
    JsonNode d = doc("{'Statement':[]}");
    assertThat(PolicyDocuments.same(null, d)).isFalse();
    assertThat(PolicyDocuments.same(d, null)).isFalse();
    assertThat(PolicyDocuments.same(null, null)).isFalse();
  }
}
