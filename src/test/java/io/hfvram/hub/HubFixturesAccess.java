package io.hfvram.hub;

/** Opens the package-private hub fixtures to tests in other packages. */
public final class HubFixturesAccess {
  private HubFixturesAccess() {}

  public static String config() {
    return HubFixtures.LLAMA_CONFIG;
  }
}
