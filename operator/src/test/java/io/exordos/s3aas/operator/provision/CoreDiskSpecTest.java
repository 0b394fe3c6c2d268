package io.exordos.s3aas.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CoreDiskSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aSpecAnsweredWithCoreDefaultsIsTheSameSpec() throws Exception {
    JsonNode sent =
        json(
            """
            {"kind": "disks", "disks": [
              {"size": 6, "image": "http://repo/rustfs.raw", "label": "root"},
              {"size": 20, "label": "data", "mount_point": "/var/lib/rustfs/data", "fs": "xfs"}]}""");
    JsonNode answered =
        json(
            """
            {"disks": [
              {"label": "root", "size": 6, "image": "http://repo/rustfs.raw",
               "speed": "warm", "ephemeral": false},
              {"size": 20, "label": "data", "mount_point": "/var/lib/rustfs/data", "fs": "xfs",
               "speed": "warm", "ephemeral": false}], "kind": "disks"}""");
    assertThat(CoreDiskSpec.same(sent, answered)).isTrue();
    assertThat(
            CoreDiskSpec.same(
                json("{\"kind\": \"root_disk\", \"image\": \"i\"}"),
                json(
                    "{\"kind\": \"root_disk\", \"image\": \"i\", \"size\": 10,"
                        + " \"speed\": \"warm\", \"ephemeral\": false}")))
        .isTrue();
  }

  @Test
  void aGrownDiskOrAnotherSpeedIsAChange() throws Exception {
    String spec =
        """
        {"kind": "disks", "disks": [
          {"size": 6, "image": "http://repo/rustfs.raw", "label": "root"},
          {"size": %d, "label": "data", "speed": "%s"}]}""";
    JsonNode current = json(spec.formatted(20, "warm"));
    assertThat(CoreDiskSpec.same(current, json(spec.formatted(30, "warm")))).isFalse();
    assertThat(CoreDiskSpec.same(current, json(spec.formatted(20, "hot")))).isFalse();
    assertThat(
            CoreDiskSpec.same(
                json("{\"kind\": \"root_disk\", \"image\": \"i\"}"),
                json("{\"kind\": \"root_disk\", \"image\": \"i\", \"size\": 12}")))
        .isFalse();
  }
}
