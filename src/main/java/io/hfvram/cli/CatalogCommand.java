package io.hfvram.cli;

import io.hfvram.core.JsonWriter;
import io.hfvram.source.Catalog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hf-vram catalog}: the embedded catalog of popular models. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description =
        "List the models of hf-vram's embedded catalog (used when the Hub cannot be"
            + " reached): id, model_type, published parameters, source.")
final class CatalogCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--search",
      paramLabel = "TEXT",
      description = "Only entries whose id, model_type or source contains TEXT (any case).")
  String search;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("table") && !f.equals("json")) {
      throw new CommandLine.ParameterException(
          cmd, "--format must be one of table, json; got '" + format + "'");
    }
    Catalog catalog = Catalog.embedded();
    List<Catalog.Entry> found = catalog.search(search);
    PrintWriter out = cmd.getOut();
    if (f.equals("json")) {
      out.println(JsonWriter.pretty(json(catalog, found)));
    } else {
      int w = 2;
      for (Catalog.Entry e : found) {
        w = Math.max(w, e.repoId().length());
      }
      String row = "%-" + w + "s  %-18s  %17s  %s";
      out.println(String.format(Locale.ROOT, row, "ID", "MODEL_TYPE", "PARAMS", "SOURCE"));
      for (Catalog.Entry e : found) {
        out.println(
            String.format(Locale.ROOT, row, e.repoId(), e.modelType(), e.published(), e.source()));
      }
      out.println(
          found.size()
              + " of "
              + catalog.entries().size()
              + " models (catalog dated "
              + catalog.date()
              + ")");
    }
    out.flush();
    return ExitCode.OK.code();
  }

  private static Map<String, Object> json(Catalog catalog, List<Catalog.Entry> found) {
    List<Object> models = new ArrayList<>();
    for (Catalog.Entry e : found) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.repoId());
      m.put("modelType", e.modelType());
      m.put("params", e.rounded() == null ? e.params() : null);
      m.put("paramsRounded", e.rounded());
      m.put("source", e.source());
      models.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("date", catalog.date());
    doc.put("total", catalog.entries().size());
    doc.put("models", models);
    return doc;
  }
}
