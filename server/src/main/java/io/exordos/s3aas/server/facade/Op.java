package io.exordos.s3aas.server.facade;

/** What a route does, for the role check and the OpenAPI answer codes. */
enum Op {
  LIST,
  CREATE,
  GET,
  UPDATE,
  DELETE
}
