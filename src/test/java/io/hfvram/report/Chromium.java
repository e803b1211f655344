package io.hfvram.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven through the DevTools protocol over a local websocket (java.net.http, no
 * extra dependency): open a page at a width, evaluate a script, take a full-page screenshot. Waits
 * are blocking reads with timeouts, never sleeps.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_S = 60;

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The first Chromium or Chrome executable on the PATH or in /usr/bin, or null. */
  static Path find() {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.add(Path.of("/usr/bin"));
    for (String name :
        List.of(
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "chrome",
            "headless_shell")) {
      for (Path d : dirs) {
        Path p = d.resolve(name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Starts a headless browser with its own profile and connects to it. */
  static Chromium start(Path exe, Path profile) throws Exception {
    Process p =
        new ProcessBuilder(
                exe.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--mute-audio",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  int at = line.indexOf("ws://");
                  if (line.contains("DevTools listening on") && at >= 0) {
                    return line.substring(at).trim();
                  }
                }
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              throw new IllegalStateException("chromium exited without a DevTools address");
            });
    String ws;
    try {
      ws = url.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // keep the pipe from filling
                }
              } catch (IOException ignored) {
                // the browser is gone
              }
            },
            "chromium-output");
    drain.setDaemon(true);
    drain.start();
    Chromium[] self = new Chromium[1];
    Listener listener = new Listener(self);
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create(ws), listener)
            .get(TIMEOUT_S, TimeUnit.SECONDS);
    self[0] = new Chromium(p, socket);
    listener.ready.complete(null);
    return self[0];
  }

  /** Collects text frames into messages: replies complete their command, the rest are events. */
  private static final class Listener implements WebSocket.Listener {
    private final Chromium[] owner;
    private final StringBuilder buffer = new StringBuilder();
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    Listener(Chromium[] owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        ready.join();
        owner[0].dispatch(text);
      }
      ws.request(1);
      return null;
    }
  }

  private void dispatch(String text) {
    try {
      JsonNode m = JSON.readTree(text);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) {
          f.complete(m);
        }
      } else {
        events.add(m);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a command (to a page session when sessionId is non-null) and returns its result. */
  JsonNode send(String sessionId, String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
    m.set("params", params == null ? JSON.createObjectNode() : params);
    if (sessionId != null) {
      m.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(JSON.writeValueAsString(m), true).get(TIMEOUT_S, TimeUnit.SECONDS);
    JsonNode reply = f.get(TIMEOUT_S, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + ": " + reply.get("error"));
    }
    return reply.get("result");
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  private void await(String sessionId, String method) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (true) {
      JsonNode e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new IllegalStateException("no " + method + " within " + TIMEOUT_S + " s");
      }
      if (method.equals(e.path("method").asText())
          && sessionId.equals(e.path("sessionId").asText())) {
        return;
      }
    }
  }

  /** A loaded page at a viewport width. */
  record Page(Chromium browser, String targetId, String session) {
    /** Evaluates an expression that returns a string, and returns it. */
    String eval(String expression) throws Exception {
      JsonNode r =
          browser.send(
              session,
              "Runtime.evaluate",
              params().put("expression", expression).put("returnByValue", true));
      if (r.has("exceptionDetails")) {
        throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
      }
      return r.path("result").path("value").asText();
    }

    /** A PNG of the whole page, as wide as the viewport. */
    byte[] screenshot() throws Exception {
      JsonNode metrics = browser.send(session, "Page.getLayoutMetrics", null);
      JsonNode size =
          metrics.has("cssContentSize")
              ? metrics.get("cssContentSize")
              : metrics.get("contentSize");
      ObjectNode clip =
          params()
              .put("x", 0)
              .put("y", 0)
              .put("width", size.get("width").asDouble())
              .put("height", Math.min(size.get("height").asDouble(), 8000))
              .put("scale", 1);
      ObjectNode p = params().put("format", "png").put("captureBeyondViewport", true);
      p.set("clip", clip);
      return Base64.getDecoder()
          .decode(browser.send(session, "Page.captureScreenshot", p).get("data").asText());
    }

    void close() throws Exception {
      browser.send(null, "Target.closeTarget", params().put("targetId", targetId));
    }
  }

  /** Opens {@code url} in a new tab with a viewport {@code width} px wide, after its load. */
  Page open(String url, int width) throws Exception {
    String target =
        send(null, "Target.createTarget", params().put("url", "about:blank"))
            .get("targetId")
            .asText();
    String session =
        send(null, "Target.attachToTarget", params().put("targetId", target).put("flatten", true))
            .get("sessionId")
            .asText();
    send(
        session,
        "Emulation.setDeviceMetricsOverride",
        params()
            .put("width", width)
            .put("height", 900)
            .put("deviceScaleFactor", 1)
            .put("mobile", width < 600));
    send(session, "Page.enable", null);
    send(session, "Page.navigate", params().put("url", url));
    await(session, "Page.loadEventFired");
    return new Page(this, target, session);
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    // Chromium's helpers (zygote, renderers, GPU) write into the profile until they exit: end
    // them all and wait, so that the profile folder can be deleted afterwards.
    java.util.List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    helpers.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle h : helpers) {
        try {
          h.onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          h.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
