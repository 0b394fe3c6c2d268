package io.exordos.s3aas.server.facade;

import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the facade, declared once: the router matches requests against it and the OpenAPI
 * document ({@code /v1/openapi.json}) is written from it.
 */
final class RouteTable {
  static final String BASE = "/v1/types/s3";

  private RouteTable() {}

  static List<Route> of(
      VersionsHandler versions,
      InstanceHandler instances,
      List<ChildHandler> children,
      AccessKeyHandler keys) {
    List<Route> r = new ArrayList<>();
    String i = BASE + "/instances";
    r.add(
        new Route(
            "GET",
            BASE + "/versions",
            Op.LIST,
            "versions",
            "List the versions catalog",
            FacadeKinds.VERSION,
            versions::list));
    r.add(
        new Route(
            "GET",
            BASE + "/versions/{version}",
            Op.GET,
            "versions",
            "Get one version (by uuid or name)",
            FacadeKinds.VERSION,
            versions::get));
    r.add(
        new Route(
            "POST",
            i,
            Op.CREATE,
            "s3instances",
            "Create instance",
            FacadeKinds.INSTANCE,
            instances::create));
    r.add(
        new Route(
            "GET",
            i,
            Op.LIST,
            "s3instances",
            "List instances (filters: name, status; pagination: limit, marker)",
            FacadeKinds.INSTANCE,
            instances::list));
    r.add(
        new Route(
            "GET",
            i + "/{id}",
            Op.GET,
            "s3instances",
            "Get instance details",
            FacadeKinds.INSTANCE,
            instances::get));
    r.add(
        new Route(
            "PATCH",
            i + "/{id}",
            Op.UPDATE,
            "s3instances",
            "Update configuration (mutable fields)",
            FacadeKinds.INSTANCE,
            instances::update));
    r.add(
        new Route(
            "PUT",
            i + "/{id}",
            Op.UPDATE,
            "s3instances",
            "Update configuration (as PATCH; the Python plugin's verb)",
            FacadeKinds.INSTANCE,
            instances::update));
    r.add(
        new Route(
            "DELETE",
            i + "/{id}",
            Op.DELETE,
            "s3instances",
            "Delete instance with its buckets, users, policies and keys; 409 DeletionBlocked"
                + " (and the deletion waits) while a bucket's deletion_policy keeps data",
            FacadeKinds.INSTANCE,
            instances::delete));
    for (ChildHandler child : children) {
      addChild(r, i, child);
    }
    for (String alias : List.of("access-keys", "keys")) {
      String base = i + "/{id}/users/{user}/" + alias;
      String note = alias.equals("keys") ? " (alias of access-keys, the Python plugin's path)" : "";
      r.add(
          new Route(
              "POST",
              base,
              Op.CREATE,
              "accesskeys",
              "Create key pair: the only answer that holds secret_key" + note,
              FacadeKinds.ACCESS_KEY,
              keys::create));
      r.add(
          new Route(
              "GET",
              base,
              Op.LIST,
              "accesskeys",
              "List keys (never with secrets)" + note,
              FacadeKinds.ACCESS_KEY,
              keys::list));
      r.add(
          new Route(
              "GET",
              base + "/{key}",
              Op.GET,
              "accesskeys",
              "Get key (by id or access key)" + note,
              FacadeKinds.ACCESS_KEY,
              keys::get));
      r.add(
          new Route(
              "PATCH",
              base + "/{key}",
              Op.UPDATE,
              "accesskeys",
              "Enable or disable a key" + note,
              FacadeKinds.ACCESS_KEY,
              keys::update));
      r.add(
          new Route(
              "PUT",
              base + "/{key}",
              Op.UPDATE,
              "accesskeys",
              "Enable or disable a key (as PATCH)" + note,
              FacadeKinds.ACCESS_KEY,
              keys::update));
      r.add(
          new Route(
              "DELETE",
              base + "/{key}",
              Op.DELETE,
              "accesskeys",
              "Delete key" + note,
              FacadeKinds.ACCESS_KEY,
              keys::delete));
    }
    return List.copyOf(r);
  }

  private static void addChild(List<Route> r, String instancesPath, ChildHandler child) {
    String plural = child.plural();
    String segment = child.pathSegment();
    String noun = child.noun();
    String base = instancesPath + "/{id}/" + segment;
    List<Field> fields = child.fields();
    r.add(new Route("POST", base, Op.CREATE, plural, "Create " + noun, fields, child::create));
    r.add(
        new Route(
            "GET",
            base,
            Op.LIST,
            plural,
            "List " + segment + " (filters: name, status; pagination: limit, marker)",
            fields,
            child::list));
    r.add(
        new Route(
            "GET",
            base + "/{name}",
            Op.GET,
            plural,
            "Get " + noun + " (by id or name)",
            fields,
            child::get));
    r.add(
        new Route(
            "PATCH", base + "/{name}", Op.UPDATE, plural, "Update " + noun, fields, child::update));
    r.add(
        new Route(
            "PUT",
            base + "/{name}",
            Op.UPDATE,
            plural,
            "Update " + noun + " (as PATCH)",
            fields,
            child::update));
    r.add(
        new Route(
            "DELETE",
            base + "/{name}",
            Op.DELETE,
            plural,
            "Delete "
                + noun
                + " (by id or name)"
                + (plural.equals("buckets")
                    ? "; 409 BucketNotEmpty (and the deletion waits) while it holds objects"
                        + " and its deletion_policy is DeleteIfEmpty"
                    : ""),
            fields,
            child::delete));
  }
}
