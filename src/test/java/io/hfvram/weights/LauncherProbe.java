package io.hfvram.weights;

/** Stands in for the hf-vram jar in {@link LauncherTest}: echoes its arguments. */
public final class LauncherProbe {
  private LauncherProbe() {}

  /** Prints "probe:" and the arguments; exits 3 when the first is "exit3". */
  public static void main(String[] args) {
    System.out.println("probe:" + String.join(" ", args));
    System.exit(args.length > 0 && args[0].equals("exit3") ? 3 : 0);
  }
}
