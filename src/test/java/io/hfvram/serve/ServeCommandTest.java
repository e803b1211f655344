package io.hfvram.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.cli.CliAccess;
import org.junit.jupiter.api.Test;

/** {@code hf-vram serve}'s options: loopback by default, other addresses only when allowed. */
final class ServeCommandTest {
  @Test
  void anAddressOtherMachinesReachNeedsAllowRemote() {
    CliAccess.Result r = CliAccess.run("serve", "--host", "0.0.0.0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("add --allow-remote"), r.err());
  }

  @Test
  void aBadPortIsAUsageError() {
    CliAccess.Result r = CliAccess.run("serve", "--port", "70000");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--port must be between 0 and 65535"), r.err());
  }

  @Test
  void helpNamesTheDefaults() {
    CliAccess.Result r = CliAccess.run("serve", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("127.0.0.1") && r.out().contains("8337"), r.out());
    assertTrue(CliAccess.run("--help").out().contains("serve"));
  }
}
