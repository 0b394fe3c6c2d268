/**
 * The MetaPaaS REST facade ({@code /v1/types/s3/...}), a {@code http.FrontDoor}: {@link
 * io.exordos.s3aas.server.facade.FacadeRouter} matches a request against the {@code RouteTable},
 * decides the project, authorizes the route and renders the answer or its {@code {code, type,
 * message, field}} error; {@code InstanceHandler}, {@code ChildHandler} (buckets, users, policies),
 * {@code AccessKeyHandler} and {@code VersionsHandler} translate each call into {@code
 * ResourceService} calls through one field mapping ({@code FacadeKinds}, {@code FieldMapping}).
 */
package io.exordos.s3aas.server.facade;
