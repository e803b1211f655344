package io.hfvram.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script (hf-vram at the repository root) in a scratch checkout: run through symbolic
 * links from another folder (issue 16 item 27), and three concurrent first runs that must all
 * succeed with one build (issue 12 item 7). Maven is replaced by a stub on PATH that "builds" a
 * probe jar into the folder the launcher names, so no network and no real build.
 */
final class LauncherTest {
  @TempDir Path tmp;
  private Path checkout;
  private Path bin;
  private Path probeJar;
  private Path counter;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the launcher is bash");
    checkout = Files.createDirectories(tmp.resolve("checkout"));
    Path script = checkout.resolve("hf-vram");
    Files.copy(Path.of("hf-vram"), script);
    script.toFile().setExecutable(true);
    Files.writeString(checkout.resolve("pom.xml"), "<project/>");
    Files.createDirectories(checkout.resolve("src/main"));
    Files.writeString(checkout.resolve("src/main/A.java"), "class A {}");
    probeJar = tmp.resolve("probe.jar");
    writeProbeJar(probeJar);
    counter = tmp.resolve("builds");
    bin = Files.createDirectories(tmp.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        "#!/usr/bin/env bash\n"
            + "for a in \"$@\"; do case \"$a\" in -Dhfvram.build.directory=*) out=\"${a#*=}\";; esac;"
            + " done\n"
            + "[ -n \"${out:-}\" ] || { echo 'no build directory given' >&2; exit 9; }\n"
            + "mkdir -p \"$out\" && echo built >>\"$COUNTER\" && cp \"$PROBE_JAR\" \"$out/hf-vram.jar\"\n");
    mvn.toFile().setExecutable(true);
  }

  private static void writeProbeJar(Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, mf);
        InputStream cls = LauncherProbe.class.getResourceAsStream("LauncherProbe.class")) {
      j.putNextEntry(new JarEntry(entry));
      cls.transferTo(j);
      j.closeEntry();
    }
  }

  private Process start(Path script, Path cwd, boolean noFlock, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("COUNTER", counter.toString());
    pb.environment().put("PROBE_JAR", probeJar.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    if (noFlock) {
      pb.environment().put("HF_VRAM_LAUNCHER_NO_FLOCK", "1");
    }
    return pb.start();
  }

  private static String finish(Process p, int expectedExit) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(expectedExit, p.exitValue(), out);
    return out;
  }

  @Test
  void worksThroughSymlinksFromAnotherFolder() throws Exception {
    Path target = Files.createDirectories(checkout.resolve("target"));
    Files.copy(probeJar, target.resolve("hf-vram.jar"));
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    for (Path p :
        List.of(
            checkout.resolve("pom.xml"),
            checkout.resolve("src/main"),
            checkout.resolve("src/main/A.java"))) {
      Files.setLastModifiedTime(p, old);
    }
    Path links = Files.createDirectories(tmp.resolve("home/bin"));
    Path link = Files.createSymbolicLink(links.resolve("hf-vram"), checkout.resolve("hf-vram"));
    Path relative = Files.createSymbolicLink(links.resolve("hv"), Path.of("hf-vram"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    assertTrue(finish(start(link, elsewhere, false, "a", "b c"), 0).contains("probe:a b c"));
    assertTrue(
        finish(start(relative, elsewhere, false, "--version"), 0).contains("probe:--version"));
    finish(start(relative, elsewhere, false, "exit3"), 3);
    assertTrue(Files.notExists(counter), "no build was needed");
  }

  @Test
  void concurrentFirstRunsAllSucceedWithOneBuild() throws Exception {
    concurrentFirstRuns(false);
  }

  @Test
  void concurrentFirstRunsWithTheLockDirectory() throws Exception {
    concurrentFirstRuns(true);
  }

  private void concurrentFirstRuns(boolean noFlock) throws Exception {
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(start(checkout.resolve("hf-vram"), tmp, noFlock, "--version"));
    }
    for (Process p : runs) {
      assertTrue(finish(p, 0).contains("probe:--version"));
    }
    assertEquals(List.of("built"), Files.readAllLines(counter));
    assertTrue(Files.isRegularFile(checkout.resolve("target/hf-vram.jar")));
  }
}
