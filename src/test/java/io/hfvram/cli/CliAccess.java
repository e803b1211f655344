package io.hfvram.cli;

/** Lets tests in other packages run the command line in-process. */
public final class CliAccess {
  private CliAccess() {}

  /** What a run printed and returned. */
  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    CliRunner.Result r = CliRunner.run(args);
    return new Result(r.code(), r.out(), r.err());
  }
}
