package io.hfvram.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The one checked-write path of every command's output (table, CSV, JSON, Markdown, HTML; -o files
 * and standard output): a PrintWriter that remembers the I/O error behind a failed write, and
 * {@link #check} that turns a failed write into an {@link OutputException} (a full disk, a closed
 * pipe) instead of the silence PrintWriter and PrintStream keep.
 */
final class Output extends PrintWriter {
  private final Recorder recorder;
  private final String name;

  private Output(Recorder recorder, String name) {
    super(recorder, false);
    this.recorder = recorder;
    this.name = name;
  }

  /** An output over a writer (tests give one that fails). */
  static Output of(Writer w, String name) {
    return new Output(new Recorder(w), name);
  }

  /** An output over a byte stream, in UTF-8. */
  static Output of(OutputStream s, String name) {
    return of(new OutputStreamWriter(s, StandardCharsets.UTF_8), name);
  }

  /** Flushes {@code w} and throws when any write to it so far failed. */
  static void check(PrintWriter w) {
    if (!w.checkError()) {
      return;
    }
    if (w instanceof Output o) {
      throw new OutputException(o.name, o.recorder.failure);
    }
    throw new OutputException("the output", null);
  }

  /** Passes writes on and keeps the first failure's exception. */
  private static final class Recorder extends FilterWriter {
    private IOException failure;

    Recorder(Writer out) {
      super(out);
    }

    private IOException keep(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }

    @Override
    public void write(int c) throws IOException {
      try {
        out.write(c);
      } catch (IOException e) {
        throw keep(e);
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      try {
        out.write(cbuf, off, len);
      } catch (IOException e) {
        throw keep(e);
      }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      try {
        out.write(str, off, len);
      } catch (IOException e) {
        throw keep(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw keep(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException e) {
        throw keep(e);
      }
    }
  }
}
