package io.hfvram.serve;

import io.hfvram.core.Json;
import io.hfvram.core.JsonWriter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Chrome DevTools protocol client over java.net.http's WebSocket: headless Chromium, one
 * page, commands with bounded waits. No dependency beyond the JDK.
 */
final class DevTools implements AutoCloseable {
  private static final long WAIT_S = 60;

  private final Process process;
  private final WebSocket ws;
  private final Map<Long, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private String session;

  private DevTools(Process process, WebSocket.Builder builder, URI url) throws Exception {
    this.process = process;
    this.ws = builder.buildAsync(url, new Listener()).get(WAIT_S, TimeUnit.SECONDS);
  }

  /** The Chromium on this machine, or null. */
  static String chromium() {
    for (String c :
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return null;
  }

  /** Starts headless Chromium with a fresh profile and opens one blank page. */
  static DevTools start(String chromium, Path profile) throws Exception {
    Process p =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-sync",
                "--disable-component-update",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  int i = line.indexOf("ws://");
                  if (line.startsWith("DevTools listening on") && i >= 0) {
                    url.complete(line.substring(i).trim());
                  }
                }
                url.completeExceptionally(
                    new IOException("chromium exited without a DevTools URL"));
              } catch (IOException e) {
                url.completeExceptionally(e);
              }
            },
            "chromium-log");
    reader.setDaemon(true);
    reader.start();
    URI ws = URI.create(url.get(WAIT_S, TimeUnit.SECONDS));
    DevTools d = new DevTools(p, HttpClient.newHttpClient().newWebSocketBuilder(), ws);
    Map<String, Object> target = d.call("Target.createTarget", Map.of("url", "about:blank"));
    Map<String, Object> attached =
        d.call(
            "Target.attachToTarget", Map.of("targetId", target.get("targetId"), "flatten", true));
    d.session = (String) attached.get("sessionId");
    d.call("Page.enable", Map.of());
    d.call("Runtime.enable", Map.of());
    return d;
  }

  /** Sends a command (to the page once attached) and waits for its result. */
  @SuppressWarnings("unchecked")
  Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
    long id = ids.incrementAndGet();
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("id", id);
    msg.put("method", method);
    msg.put("params", params);
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    ws.sendText(JsonWriter.compact(msg), true).get(WAIT_S, TimeUnit.SECONDS);
    Map<String, Object> reply = f.get(WAIT_S, TimeUnit.SECONDS);
    if (reply.containsKey("error")) {
      throw new IllegalStateException(method + ": " + reply.get("error"));
    }
    return (Map<String, Object>) reply.get("result");
  }

  /** Waits for an event of the page. */
  Map<String, Object> await(String method) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (System.nanoTime() < deadline) {
      Map<String, Object> e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (e != null && method.equals(e.get("method"))) {
        return e;
      }
    }
    throw new IllegalStateException("no " + method + " event within " + WAIT_S + " s");
  }

  /** Navigates and waits for the load event. */
  void navigate(String url) throws Exception {
    events.clear();
    call("Page.navigate", Map.of("url", url));
    await("Page.loadEventFired");
  }

  /** Evaluates an expression (awaiting a promise) and returns its value. */
  @SuppressWarnings("unchecked")
  Object eval(String expression) throws Exception {
    Map<String, Object> r =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IllegalStateException("page error: " + r.get("exceptionDetails"));
    }
    return ((Map<String, Object>) r.get("result")).get("value");
  }

  /** Waits in the page (up to 30 s) until a condition holds; fails with the page's state. */
  void waitFor(String condition) throws Exception {
    eval(
        "new Promise(function(res,rej){var t0=Date.now();(function check(){var ok=false;"
            + "try{ok=!!("
            + condition
            + ");}catch(e){}if(ok){res(true);return;}"
            + "if(Date.now()-t0>30000){rej(new Error('timed out waiting for: "
            + condition.replace("'", "\\'")
            + "; state '+document.body.dataset.state+' error '+"
            + "document.getElementById('error').textContent));return;}"
            + "setTimeout(check,20);})();})");
  }

  /** Types text into the focused element, as a keyboard would (input events). */
  void type(String text) throws Exception {
    call("Input.insertText", Map.of("text", text));
  }

  /** Sets the viewport width and a height that holds the whole page; returns the height. */
  long resize(int width) throws Exception {
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
    eval(
        "new Promise(function(r){requestAnimationFrame(function(){requestAnimationFrame("
            + "function(){r(1);});});})");
    long h = ((Number) eval("Math.ceil(document.documentElement.scrollHeight)")).longValue();
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", h, "deviceScaleFactor", 1, "mobile", width < 600));
    eval(
        "new Promise(function(r){requestAnimationFrame(function(){requestAnimationFrame("
            + "function(){r(1);});});})");
    return h;
  }

  /** A PNG of the viewport. */
  byte[] screenshot() throws Exception {
    Map<String, Object> r = call("Page.captureScreenshot", Map.of("format", "png"));
    return Base64.getDecoder().decode((String) r.get("data"));
  }

  @Override
  public void close() {
    try {
      session = null;
      call("Browser.close", Map.of());
    } catch (Exception ignored) {
      // the process is destroyed below anyway
    }
    ws.abort();
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
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Collects text frames into messages; answers go to their caller, events to the queue. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buf = new StringBuilder();

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      buf.append(data);
      if (last) {
        String text = buf.toString();
        buf.setLength(0);
        try {
          Map<String, Object> m =
              text.length() > 500_000
                  ? big(text)
                  : (Map<String, Object>) Json.parse(text.getBytes(StandardCharsets.UTF_8));
          Object id = m.get("id");
          if (id instanceof Number) {
            CompletableFuture<Map<String, Object>> f = pending.remove(((Number) id).longValue());
            if (f != null) {
              f.complete(m);
            }
          } else {
            events.add(m);
          }
        } catch (Exception e) {
          events.add(Map.of("method", "parse-error", "text", text));
        }
      }
      w.request(1);
      return null;
    }
  }

  /** A screenshot's answer, too large for the library's JSON limits: its id and data. */
  private static Map<String, Object> big(String text) {
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(text);
    int d = text.indexOf("\"data\":\"");
    if (!id.find() || d < 0) {
      return Map.of("method", "unparsed");
    }
    String data = text.substring(d + 8, text.indexOf('"', d + 8));
    return Map.of("id", Long.parseLong(id.group(1)), "result", Map.of("data", data));
  }

  static List<Object> list(Object o) {
    return o instanceof List ? new ArrayList<>((List<?>) o) : List.of();
  }
}
