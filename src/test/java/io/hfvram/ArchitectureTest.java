package io.hfvram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, checked on the source text: every mention of {@code
 * io.hfvram.<pkg>} (imports, inline qualified names, javadoc links) counts as a dependency. A
 * package may depend only on the packages its allow-list names; the graph must be acyclic.
 */
final class ArchitectureTest {
  /** Each package and the packages it may use. "" is the facade package io.hfvram itself. */
  private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    allow("core");
    allow("spec", "core");
    allow("estimate", "core", "spec");
    allow("hub", "core");
    allow("weights", "core", "spec");
    allow("source", "core", "spec", "hub", "weights");
    allow("report", "core", "spec", "estimate", "source");
    allow("scan", "core", "spec", "estimate", "source", "report");
    allow("serve", "core", "spec", "estimate", "source", "report", "scan", "");
    allow(
        "cli",
        "core",
        "spec",
        "estimate",
        "hub",
        "weights",
        "source",
        "report",
        "scan",
        "serve",
        "");
    allow("", "core", "spec", "estimate", "hub", "weights", "source", "report", "scan");
  }

  private static final int MAX_METHOD_LINES = 60;

  private static final Pattern MENTION = Pattern.compile("\\bio\\.hfvram\\.([a-z][a-z0-9]*)\\b");

  private static final List<String> IMPURE =
      List.of(
          "import okhttp3",
          "import com.fasterxml",
          "import com.github.benmanes",
          "import java.nio.file",
          "import java.net",
          "import java.io.File",
          "import java.time.Clock",
          "System.out",
          "System.err",
          "System.exit",
          "System.getenv");

  private static void allow(String pkg, String... deps) {
    ALLOWED.put(pkg, Set.of(deps));
  }

  private static Path main() {
    return Fixtures.root().resolve("src/main/java/io/hfvram");
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The package of a main source file, relative to io.hfvram ("" for the facade). */
  private static String packageOf(Path file) {
    Path rel = main().relativize(file.getParent());
    return rel.toString().replace('/', '.');
  }

  /** Package -> the io.hfvram packages its sources mention, with one example file each. */
  static Map<String, Map<String, String>> dependencies() throws IOException {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    for (Path f : javaFiles(main())) {
      if (f.getFileName().toString().equals("module-info.java")) {
        continue;
      }
      String pkg = packageOf(f);
      Map<String, String> deps = graph.computeIfAbsent(pkg, k -> new TreeMap<>());
      Matcher m = MENTION.matcher(Files.readString(f));
      while (m.find()) {
        String dep = m.group(1);
        if (!dep.equals(pkg) && Files.isDirectory(main().resolve(dep))) {
          deps.putIfAbsent(dep, f.getFileName().toString());
        }
      }
      // a class of the facade package named by its simple name from elsewhere is impossible
      // without an import, which the pattern above sees as io.hfvram.<Class>: not a package.
      Matcher facade =
          Pattern.compile("\\bimport io\\.hfvram\\.([A-Z]\\w*);").matcher(Files.readString(f));
      while (facade.find()) {
        if (!pkg.isEmpty()) {
          deps.putIfAbsent("", f.getFileName().toString());
        }
      }
    }
    return graph;
  }

  @Test
  void everyPackageIsInTheAllowList() throws IOException {
    Set<String> unknown = new TreeSet<>(dependencies().keySet());
    unknown.removeAll(ALLOWED.keySet());
    assertTrue(
        unknown.isEmpty(),
        "packages missing from the allow-list (and from " + "docs/architecture.md): " + unknown);
  }

  @Test
  void noPackageUsesOneAboveIt() throws IOException {
    List<String> bad = new ArrayList<>();
    dependencies()
        .forEach(
            (pkg, deps) ->
                deps.forEach(
                    (dep, file) -> {
                      if (!ALLOWED.getOrDefault(pkg, Set.of()).contains(dep)) {
                        bad.add(name(pkg) + " -> " + name(dep) + " (" + file + ")");
                      }
                    }));
    assertTrue(bad.isEmpty(), "dependencies outside the allow-list: " + bad);
  }

  @Test
  void thePackageGraphHasNoCycle() throws IOException {
    Map<String, Map<String, String>> g = dependencies();
    Set<String> done = new LinkedHashSet<>();
    for (String start : g.keySet()) {
      List<String> cycle = cycleFrom(start, g, new ArrayList<>(), done);
      assertEquals(List.of(), cycle, "package cycle");
    }
  }

  private static List<String> cycleFrom(
      String pkg, Map<String, Map<String, String>> g, List<String> path, Set<String> done) {
    int at = path.indexOf(pkg);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(pkg);
      return cycle;
    }
    if (done.contains(pkg)) {
      return List.of();
    }
    path.add(pkg);
    for (String dep : g.getOrDefault(pkg, Map.of()).keySet()) {
      List<String> c = cycleFrom(dep, g, path, done);
      if (!c.isEmpty()) {
        return c;
      }
    }
    path.remove(path.size() - 1);
    done.add(pkg);
    return List.of();
  }

  /** The allow-list itself must be layered: checked so that an edit cannot add a cycle. */
  @Test
  void theAllowListIsAcyclic() {
    Map<String, Map<String, String>> g = new TreeMap<>();
    ALLOWED.forEach(
        (p, deps) -> {
          Map<String, String> m = new TreeMap<>();
          deps.forEach(d -> m.put(d, "allow-list"));
          g.put(p, m);
        });
    Set<String> done = new LinkedHashSet<>();
    for (String start : g.keySet()) {
      assertEquals(List.of(), cycleFrom(start, g, new ArrayList<>(), done));
    }
  }

  private static String name(String pkg) {
    return pkg.isEmpty() ? "io.hfvram" : pkg;
  }

  private static List<String> impurities(String pkg) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles(main().resolve(pkg))) {
      String text = Files.readString(f);
      for (String bad : IMPURE) {
        if (text.contains(bad)) {
          found.add(f.getFileName() + ": " + bad);
        }
      }
    }
    return found;
  }

  @Test
  void estimatorIsPure() throws IOException {
    List<String> v = impurities("estimate");
    assertTrue(v.isEmpty(), v.toString());
  }

  @Test
  void specIsPure() throws IOException {
    List<String> v = impurities("spec");
    assertTrue(v.isEmpty(), v.toString());
  }

  @Test
  void onlyMainCallsExit() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : javaFiles(main())) {
      if (Files.readString(f).contains("System.exit(") && !f.endsWith("Main.java")) {
        found.add(f.toString());
      }
    }
    assertTrue(found.isEmpty(), found.toString());
  }

  @Test
  void noMainClassIsOver400Lines() throws IOException {
    List<String> big = new ArrayList<>();
    for (Path f : javaFiles(main())) {
      long lines = Files.readAllLines(f).size();
      if (lines > 400) {
        big.add(f.getFileName() + " " + lines);
      }
    }
    assertTrue(big.isEmpty(), "classes over 400 lines: " + big);
  }

  /**
   * Methods stay short. A method starts at a line indented by two or four spaces (a top-level or
   * nested member, as google-java-format lays them out) that opens a parameter list and whose
   * declaration, possibly wrapped, ends with "{"; it ends at the closing brace at the same indent.
   */
  @Test
  void noMainMethodIsOver60Lines() throws IOException {
    Pattern member = Pattern.compile("^( {2}| {4})[A-Za-z<][^=;]*\\(");
    Pattern type = Pattern.compile("\\b(class|record|enum|interface)\\s");
    List<String> longOnes = new ArrayList<>();
    for (Path f : javaFiles(main())) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = member.matcher(lines.get(i));
        if (!m.find() || type.matcher(lines.get(i)).find()) {
          continue;
        }
        int open = i;
        while (open < lines.size()
            && !lines.get(open).endsWith("{")
            && !lines.get(open).endsWith(";")
            && !lines.get(open).endsWith("}")) {
          open++;
        }
        if (open >= lines.size() || !lines.get(open).endsWith("{")) {
          continue;
        }
        String close = m.group(1) + "}";
        int end = open + 1;
        while (end < lines.size() && !lines.get(end).startsWith(close)) {
          end++;
        }
        int length = end - i + 1;
        if (length > MAX_METHOD_LINES) {
          longOnes.add(f.getFileName() + ":" + (i + 1) + " " + length + " lines");
        }
        i = end;
      }
    }
    assertTrue(longOnes.isEmpty(), "methods over " + MAX_METHOD_LINES + " lines: " + longOnes);
  }
}
