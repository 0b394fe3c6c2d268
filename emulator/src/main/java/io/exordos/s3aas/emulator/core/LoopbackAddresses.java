package io.exordos.s3aas.emulator.core;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out distinct loopback addresses ({@code 127.P.x.y}) for emulated nodes, so every node can
 * listen on the same port (9000) like real VMs do. The counter is shared by all Core emulators in
 * the JVM and starts at a random offset, so parallel test JVMs rarely pick the same address.
 */
final class LoopbackAddresses {
  private static final AtomicInteger NEXT =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(0, 40_000));
  private final int second;

  LoopbackAddresses(int secondOctet) {
    if (secondOctet < 1 || secondOctet > 254) {
      throw new IllegalArgumentException("second octet must be within 1..254");
    }
    this.second = secondOctet;
  }

  String allocate() {
    int n = Math.floorMod(NEXT.getAndIncrement(), 254 * 254);
    return "127." + second + "." + (n / 254 + 1) + "." + (n % 254 + 1);
  }
}
