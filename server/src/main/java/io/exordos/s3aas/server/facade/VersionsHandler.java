package io.exordos.s3aas.server.facade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exordos.s3aas.api.catalog.VersionCatalog;

/** The versions catalog, read-only: list, get, and an instance's version resolved on create. */
final class VersionsHandler {
  private static final String PATH = RouteTable.BASE + "/versions";
  private final VersionCatalog versions;

  VersionsHandler(VersionCatalog versions) {
    this.versions = versions;
  }

  Object list(Call c) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    versions.all().values().forEach(v -> a.add(view(v)));
    return a;
  }

  Object get(Call c) {
    return view(
        versions
            .find(c.p("version"))
            .orElseThrow(() -> FacadeError.notFound("version " + c.p("version"))));
  }

  /** Replaces {@code spec.version} (a uuid, name or version URL) by the catalog's name of it. */
  void resolve(ObjectNode target) {
    String v = target.at("/spec/version").asText();
    String ref =
        v.startsWith(PATH + "/") ? v.substring((PATH + "/").length()).replaceAll("/+$", "") : v;
    VersionCatalog.Entry e =
        versions
            .find(ref)
            .orElseThrow(
                () ->
                    FacadeError.badRequest(
                        "version", "unknown version \"" + v + "\"; see GET " + PATH));
    target.withObjectProperty("spec").put("version", e.name());
  }

  private static ObjectNode view(VersionCatalog.Entry v) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("uuid", v.uuid())
        .put("name", v.name())
        .put("description", "s3aas data plane " + v.name())
        .put("image", v.image());
    return o;
  }
}
