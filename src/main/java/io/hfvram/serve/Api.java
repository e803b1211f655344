package io.hfvram.serve;

import io.hfvram.HfVram;
import io.hfvram.core.HfVramException;
import io.hfvram.core.JsonWriter;
import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Gpus;
import io.hfvram.report.Format;
import io.hfvram.report.RenderContext;
import io.hfvram.report.RenderOptions;
import io.hfvram.report.Renderer;
import io.hfvram.report.Report;
import io.hfvram.report.Row;
import io.hfvram.scan.ScanList;
import io.hfvram.scan.Scanner;
import io.hfvram.source.Catalog;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelSource;
import io.hfvram.spec.ConfigMapper;
import io.hfvram.spec.ModelSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's answers: the command line's JSON and HTML for an estimate, scans, GPUs, catalog. */
final class Api {
  /** The largest request body (a config.json, a scan list); a GGUF has its own limit. */
  static final int MAX_BODY = 1 << 20;

  /** The most models one scan request may list. */
  static final int MAX_SCAN = 1000;

  private final Settings settings;
  private final HfVram hf;
  private volatile Catalog catalog;

  Api(Settings settings) {
    this.settings = settings;
    this.hf = settings.hf();
  }

  /** An answer: status, media type, body and the warnings to send as headers. */
  record Response(int status, String type, byte[] body, List<String> warnings) {
    static Response json(String text) {
      return new Response(200, "application/json", utf8(text), List.of());
    }
  }

  /**
   * One estimate, as {@code hf-vram MODEL --format json} (or {@code --format html}) prints it: the
   * model from the {@code model} parameter (GET), or the config.json in the body (POST).
   */
  Response estimate(Map<String, String> params, byte[] body, boolean html) throws HfVramException {
    return estimate(params, html, ref -> body == null ? hf.load(checkRef(ref)) : upload(ref, body));
  }

  /** One estimate of a posted GGUF file (or its start), named by the {@code model} parameter. */
  Response estimateGguf(Map<String, String> params, InputStream body, boolean html)
      throws HfVramException {
    return estimate(
        params,
        html,
        ref -> {
          try {
            return GgufUpload.load(ref, body, settings.errors());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Loads the model a request names or sends. */
  private interface Loader {
    LoadedModel load(String ref) throws HfVramException;
  }

  private Response estimate(Map<String, String> params, boolean html, Loader loader)
      throws HfVramException {
    Map<String, String> p = new LinkedHashMap<>(params);
    String ref = p.remove("model");
    Settings.Choice c = settings.requests().parse(p);
    LoadedModel m = loader.load(ref);
    Estimate e = hf.estimate(m.spec(), c.workload());
    List<Row> rows = List.of(Row.of(0, new Report(m, e)));
    RenderOptions ro = new RenderOptions(false, 100, c.units(), c.explain());
    RenderContext ctx = new RenderContext(ro, c.workload(), false, settings.version());
    if (html) {
      String text = Format.HTML.models(ctx).render(rows);
      return new Response(200, "text/html; charset=utf-8", utf8(text), m.warnings());
    }
    String json = Format.JSON.models(ctx).render(rows);
    return new Response(200, "application/json", utf8(json), m.warnings());
  }

  /** A Hub id, checked: the server reads no local files, whatever the spelling. */
  static String checkRef(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new HttpError(
          400,
          "missing the model parameter: give a Hub id (model=org/name), or"
              + " POST a config.json");
    }
    if (ref.length() > 300 || LocalLoader.looksLocal(ref)) {
      throw new HttpError(
          400,
          "'"
              + ref
              + "' is not a Hub id: the server reads no local files;"
              + " give org/name[@revision], or POST the config.json");
    }
    return ref;
  }

  private static LoadedModel upload(String name, byte[] body) throws HfVramException {
    String label = name == null || name.isBlank() ? "config.json" : name;
    ModelSpec spec = ConfigMapper.map(LocalLoader.parseJson(body, label), label);
    return new LoadedModel(label, new ModelSource.Upload(body.length), spec, List.of());
  }

  /** Streams one JSONL row per listed model, in input order, as each is ready. */
  void scan(Map<String, String> params, byte[] body, Streamer out) throws IOException {
    Settings.Choice c = settings.requests().parse(params);
    // the command line's list reader: the same comments, byte-order mark, encoding and line rules
    List<Scanner.Input> inputs = new ArrayList<>();
    new ScanList(new ByteArrayInputStream(body)).forEachRemaining(inputs::add);
    if (inputs.size() > MAX_SCAN) {
      throw new HttpError(
          413, "a scan request may list at most " + MAX_SCAN + " models, got " + inputs.size());
    }
    RenderOptions ro = new RenderOptions(false, 100, c.units(), c.explain());
    Renderer jsonl =
        Format.JSONL.scan(new RenderContext(ro, c.workload(), false, settings.version()));
    Scanner scanner =
        new Scanner(
            ref -> hf.load(checkRef(ref)),
            c.workload(),
            Math.max(1, Math.min(4, inputs.size())),
            settings.errors()::message);
    OutputStream os = out.start(200, "application/x-ndjson");
    try {
      scanner.scan(
          inputs.iterator(),
          (Row r) -> {
            try {
              os.write(utf8(jsonl.row(r)));
              os.flush();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Starts a streamed answer. */
  interface Streamer {
    OutputStream start(int status, String type) throws IOException;
  }

  /** The GPU catalog: id, name and the memory the driver reports. */
  Response gpus() {
    List<Object> list = new ArrayList<>();
    for (Gpus.Gpu g : Gpus.all()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", g.id());
      m.put("name", g.name());
      m.put("memoryBytes", g.memoryBytes());
      list.add(m);
    }
    return Response.json(JsonWriter.pretty(list) + "\n");
  }

  /** The embedded catalog's ids with their parameter counts, and the ids in the caches. */
  Response catalog() {
    Catalog c = catalog;
    if (c == null) {
      c = Catalog.embedded();
      catalog = c;
    }
    List<Object> models = new ArrayList<>();
    for (Catalog.Entry e : c.entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.repoId());
      m.put("parameters", e.params());
      models.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", c.date());
    m.put("models", models);
    m.put("cached", new ArrayList<Object>(settings.cachedIds().get()));
    return Response.json(JsonWriter.pretty(m) + "\n");
  }

  /** The health check. */
  Response health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("version", settings.version());
    return Response.json(JsonWriter.compact(m) + "\n");
  }

  /** An error as JSON: the command line's message, the HTTP status and the exit code. */
  static byte[] error(String message, int status, int exitCode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("status", (long) status);
    if (exitCode >= 0) {
      m.put("exitCode", (long) exitCode);
    }
    return utf8(JsonWriter.pretty(m) + "\n");
  }

  /** Reads a body no larger than {@link #MAX_BODY}; a larger one is refused with 413. */
  static byte[] readBody(InputStream in) throws IOException {
    byte[] b = in.readNBytes(MAX_BODY + 1);
    if (b.length > MAX_BODY) {
      throw new HttpError(413, "the request body is over the " + (MAX_BODY >> 20) + " MiB limit");
    }
    return b;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
