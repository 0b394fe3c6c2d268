package io.exordos.s3aas.server.http;

import io.exordos.s3aas.server.api.ApiException;
import java.io.IOException;

/**
 * An API served beside the Kubernetes-style one, under a first path segment of its own and with its
 * own error shape (the MetaPaaS facade under {@code /v1}). {@link ApiHandler} authenticates, times
 * and logs its requests like any other and hands them over by that segment; the front door routes,
 * authorizes and answers them.
 */
public interface FrontDoor {
  /** The first path segment it serves, e.g. {@code v1}. */
  String pathSegment();

  /** Serves an authenticated request; returns the verb for metrics. */
  String handle(Exchange ex) throws IOException;

  /** A refusal in this API's words, also one made before {@link #handle} (401, 503, 500). */
  Object errorBody(ApiException e);
}
