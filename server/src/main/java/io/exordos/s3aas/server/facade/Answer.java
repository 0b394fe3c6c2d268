package io.exordos.s3aas.server.facade;

import org.jspecify.annotations.Nullable;

/** An answer with a status other than 200; only a 204 has no body. */
record Answer(int status, @Nullable Object body) {
  static Answer created(Object body) {
    return new Answer(201, body);
  }

  static Answer noContent() {
    return new Answer(204, null);
  }
}
