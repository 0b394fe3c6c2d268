package io.exordos.s3aas.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Completion candidates for resource types. */
final class KindCandidates implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    List<String> names = new ArrayList<>();
    for (CliKinds.Kind k : CliKinds.ALL) {
      names.add(k.plural());
      names.addAll(k.shortNames());
    }
    return names.iterator();
  }
}
