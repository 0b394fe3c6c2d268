package io.exordos.s3aas.server.facade;

import java.util.List;

/**
 * One route: method and path template ({@code {name}} segments), the resource its role check is
 * about, its handler, and what the OpenAPI document says of it.
 */
record Route(
    String method,
    String path,
    Op op,
    String resource,
    String summary,
    List<Field> fields,
    Handler handler) {

  /** Answers a call: a view (200) or an {@link Answer}; refuses with an {@code ApiException}. */
  @FunctionalInterface
  interface Handler {
    Object handle(Call c);
  }
}
