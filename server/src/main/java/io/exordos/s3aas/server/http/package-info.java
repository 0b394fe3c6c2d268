/**
 * The HTTP side of the Kubernetes-style API on Jetty 12: {@link
 * io.exordos.s3aas.server.http.ApiHandler} authenticates every request, routes it (health,
 * discovery, OpenAPI v2 and v3, reviews, resource paths) or hands it to a {@link
 * io.exordos.s3aas.server.http.FrontDoor} by its first path segment (the facade), and answers every
 * refusal as a {@code Status} or the front door's error body, with metrics and one access-log line
 * per request. {@code ResourceEndpoint} turns resource paths into {@code ResourceService} calls;
 * {@code Exchange} is one request and its response, {@code WatchStream} one watch.
 */
package io.exordos.s3aas.server.http;
