package io.hfvram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors of the environment end in one line and a documented exit code, not exit 1. */
final class ErrorPathsCliTest {
  @Test
  void aPortInUseIsAOneLineUsageError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      CliRunner.Result r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20),
              () -> CliRunner.run("serve", "--offline", "--port", Integer.toString(port)));
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + port), r.err());
    }
  }

  @Test
  void aListThatFailsWhileReadIsAOneLineUsageError() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Is a directory");
          }
        };
    Environment env =
        new Environment(
            Map.of(),
            Fixtures.root(),
            Fixtures.root().resolve("target/test-home"),
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
            false,
            broken);
    CliRunner.Result r = CliRunner.run(env, "scan", "-", "--offline");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("standard input: cannot be read (Is a directory)"), r.err());
    assertTrue(r.err().strip().lines().count() <= 2, r.err());
  }
}
