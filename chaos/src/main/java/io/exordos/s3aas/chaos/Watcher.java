package io.exordos.s3aas.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A watcher that resumes as an informer does: from the last resourceVersion it saw (bookmarks
 * included) whenever its stream ends or breaks, until stopped. It records every event.
 */
final class Watcher implements Runnable {
  /** One event as received. */
  record Event(String type, String name, long rv, JsonNode object) {}

  private final Http http;
  private final String path;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private volatile long last;
  private volatile boolean stopped;
  private volatile int streams;
  private volatile int expired;
  private final Thread thread;

  Watcher(Http http, String path, long from) {
    this.http = http;
    this.path = path;
    this.last = from;
    this.thread = new Thread(this, "chaos-watcher");
    thread.setDaemon(true);
  }

  Watcher start() {
    thread.start();
    return this;
  }

  @Override
  public void run() {
    while (!stopped) {
      int status =
          http.watch(
              path
                  + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=30&resourceVersion="
                  + last,
              this::onEvent);
      if (status == 410) {
        expired++;
      }
      if (status == 200) {
        streams++;
      } else {
        Await.sleep(200); // the server is down or restarting
      }
    }
  }

  private boolean onEvent(JsonNode e) {
    String type = e.path("type").asText();
    JsonNode o = e.path("object");
    if (type.equals("ERROR")) {
      expired++; // a 410 here means events were lost for good: the goal is none
      return false;
    }
    long rv = Long.parseLong(o.at("/metadata/resourceVersion").asText("0"));
    if (!type.equals("BOOKMARK")) {
      events.add(new Event(type, o.at("/metadata/name").asText(), rv, o));
    }
    last = rv;
    return !stopped;
  }

  long last() {
    return last;
  }

  List<Event> events() {
    return events;
  }

  /** How many times the watch was opened again after its first stream ended or broke. */
  int resumes() {
    return Math.max(0, streams - 1);
  }

  int expired() {
    return expired;
  }

  void stop() {
    stopped = true;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
