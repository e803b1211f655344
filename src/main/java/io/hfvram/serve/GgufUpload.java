package io.hfvram.serve;

import io.hfvram.core.HfVramException;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A posted GGUF file, or its first bytes: the header sits at the start, so a file cut after it
 * estimates like the whole one (the reader warns that the tensor data is missing). The body goes to
 * a private temporary file that is deleted as soon as the header is read.
 */
final class GgufUpload {
  /** The largest GGUF body: a big model's header with its tokenizer vocabulary is several MB. */
  static final int MAX_BODY = 64 << 20;

  private GgufUpload() {}

  /** True when the body starts with the GGUF magic. */
  static boolean isGguf(byte[] start) {
    return start.length >= 4
        && start[0] == 'G'
        && start[1] == 'G'
        && start[2] == 'U'
        && start[3] == 'F';
  }

  /**
   * Reads the header in {@code body} (at most {@link #MAX_BODY} bytes, else 413) as the model
   * {@code name}; messages and warnings name the upload, never the temporary file.
   */
  static LoadedModel load(String name, InputStream body, Settings.Errors errors)
      throws IOException, HfVramException {
    String label = name == null || name.isBlank() ? "model.gguf" : name;
    Path tmp = createPrivate();
    try {
      long size;
      try (OutputStream os = Files.newOutputStream(tmp)) {
        size = copy(body, os, MAX_BODY + 1L);
      }
      if (size > MAX_BODY) {
        throw new HttpError(
            413,
            "the GGUF body is over the "
                + (MAX_BODY >> 20)
                + " MiB limit; post only the file's start, the header is there");
      }
      LoadedModel m;
      try {
        m = LocalLoader.load(label, tmp);
      } catch (HfVramException e) {
        String message = errors.message(e).replace(tmp.toString(), label);
        throw new HttpError(errors.status(e), errors.exitCode(e), message);
      }
      List<String> warnings = new ArrayList<>();
      for (String w : m.warnings()) {
        warnings.add(w.replace(tmp.toString(), label));
      }
      return new LoadedModel(label, new ModelSource.Upload(size), m.spec(), warnings);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A temporary .gguf file only the server's user may read (where the file system can say so). */
  private static Path createPrivate() throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(
          "hf-vram-upload-",
          ".gguf",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile("hf-vram-upload-", ".gguf");
  }

  /** Copies at most {@code limit} bytes; returns how many were copied. */
  private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    while (total < limit) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, limit - total));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }
}
