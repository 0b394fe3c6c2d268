package io.exordos.s3aas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A live progress line while s3ctl waits: on a terminal, one line redrawn in place with a spinner
 * and the elapsed time; on a pipe or file, a plain line each time the state changes.
 */
final class Progress implements AutoCloseable {
  static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

  private final PrintStream out;
  private final boolean tty;
  private final long start = System.nanoTime();
  private @Nullable String current;
  private @Nullable String lastPlain;
  private int frame;
  private @Nullable Thread ticker;

  Progress(PrintStream out, boolean tty) {
    this.out = out;
    this.tty = tty;
  }

  /** True when both ends are a terminal and TERM is not dumb; S3CTL_TTY=0/1 overrides. */
  static boolean isTerminal() {
    String forced = Config.env.get("S3CTL_TTY");
    if (forced != null && !forced.isEmpty()) {
      return forced.equals("1") || forced.equalsIgnoreCase("true");
    }
    return consoleIsTerminal() && !"dumb".equals(Config.env.get("TERM"));
  }

  /**
   * True when the JVM is connected to a terminal. Before JDK 22 that is when {@link
   * System#console()} is non-null; from JDK 22 on it also returns a console when the streams are
   * redirected, and {@code Console.isTerminal()} (new in 22, so called reflectively) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is the right test before JDK 22 only
  static boolean consoleIsTerminal() {
    Console console = System.console();
    if (console == null || Runtime.version().feature() < 22) {
      return console != null;
    }
    try {
      return Boolean.TRUE.equals(Console.class.getMethod("isTerminal").invoke(console));
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  synchronized void update(String line) {
    current = line;
    if (tty) {
      draw();
      if (ticker == null) {
        ticker = new Thread(this::tick, "progress");
        ticker.setDaemon(true);
        ticker.start();
      }
    } else if (!line.equals(lastPlain)) {
      lastPlain = line;
      out.println(line);
      out.flush();
    }
  }

  private void tick() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(100);
        synchronized (this) {
          if (current == null) {
            return;
          }
          frame++;
          draw();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void draw() {
    String elapsed = Printer.human(Duration.ofNanos(System.nanoTime() - start));
    out.print("\r\033[2K" + SPINNER[frame % SPINNER.length] + " " + current + "  " + elapsed);
    out.flush();
  }

  /** Ends the progress display; on a terminal the line is cleared. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.interrupt();
    }
    if (tty && current != null) {
      out.print("\r\033[2K");
      out.flush();
    }
    current = null;
  }

  /** {@code CREATING · Ready=False (Provisioning: message) · NodesReady=True} */
  static String summary(JsonNode o) {
    List<String> parts = new ArrayList<>();
    JsonNode status = o.path("status");
    String phase = status.path("phase").asText("");
    parts.add(phase.isEmpty() ? "no status yet" : phase);
    if (o.path("metadata").hasNonNull("deletionTimestamp")) {
      parts.add("deleting");
    }
    for (JsonNode c : status.path("conditions")) {
      StringBuilder s =
          new StringBuilder(c.path("type").asText()).append('=').append(c.path("status").asText());
      String reason = c.path("reason").asText("");
      String message = c.path("message").asText("");
      if (!"True".equals(c.path("status").asText()) && (!reason.isEmpty() || !message.isEmpty())) {
        s.append(" (").append(reason);
        if (!message.isEmpty()) {
          s.append(reason.isEmpty() ? "" : ": ").append(message);
        }
        s.append(')');
      }
      parts.add(s.toString());
    }
    return String.join(" · ", parts);
  }
}
