package io.exordos.s3aas.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One running s3aas per state directory. A second {@code s3aas up} (or {@code server} on the
 * embedded database) on the same S3AAS_HOME is refused at once with the first one's pid and port,
 * instead of failing later on the embedded PostgreSQL's lock. The lock is the operating system's
 * (released when the process ends, however it ends); the pid file beside it says who holds it, for
 * the message and for {@code make run}, which checks it before building anything.
 */
final class RunLock implements AutoCloseable {
  static final String PID_FILE = "s3aas.pid";

  private final FileChannel channel;
  private final FileLock lock;
  private final Path pidFile;

  private RunLock(FileChannel channel, FileLock lock, Path pidFile) {
    this.channel = channel;
    this.lock = lock;
    this.pidFile = pidFile;
  }

  /** Takes the state directory, or refuses when another process runs on it. */
  static RunLock acquire(Path home) {
    Path pidFile = home.resolve(PID_FILE);
    try {
      Files.createDirectories(home);
      FileChannel channel =
          FileChannel.open(
              home.resolve("s3aas.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "s3aas is already running on "
                + home
                + " ("
                + holder(pidFile)
                + "): stop it first, or set another S3AAS_HOME");
      }
      RunLock held = new RunLock(channel, lock, pidFile);
      held.write("-");
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + home, e);
    }
  }

  /** Records the port the API listens on, once it does. */
  void listening(int port) {
    write(Integer.toString(port));
  }

  private void write(String port) {
    try {
      Files.writeString(pidFile, ProcessHandle.current().pid() + " " + port + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + pidFile, e);
    }
  }

  private static String holder(Path pidFile) {
    try {
      String[] pidAndPort = Files.readString(pidFile, StandardCharsets.UTF_8).strip().split(" ", 2);
      return "pid " + pidAndPort[0] + ", port " + (pidAndPort.length > 1 ? pidAndPort[1] : "-");
    } catch (IOException e) {
      return "pid and port unknown: " + pidFile + " is unreadable";
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(pidFile);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock of " + pidFile.getParent(), e);
    }
  }
}
