package io.hfvram;

import io.hfvram.estimate.Estimate;
import io.hfvram.estimate.Estimator;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.LocalLoader;
import io.hfvram.source.ModelNotFoundException;
import io.hfvram.spec.HfVramException;
import io.hfvram.spec.ModelSpec;
import java.nio.file.Path;

/**
 * The library facade: load a model's spec from a local checkpoint, then estimate its memory.
 *
 * <pre>{@code
 * HfVram hf = HfVram.builder().build();
 * LoadedModel m = hf.load("./checkpoints/llama");
 * Estimate e = hf.estimate(m.spec(), Workload.defaults().withSequenceLength(8192));
 * long bytes = e.inference().totalBytes();
 * }</pre>
 */
public final class HfVram {
  private final Path workingDir;

  private HfVram(Builder b) {
    this.workingDir = b.workingDir;
  }

  /** A builder with defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Loads a model from a local folder, a config.json file, or (later) a Hub id. */
  public LoadedModel load(String ref) throws HfVramException {
    if (ref == null || ref.isBlank()) {
      throw new ModelNotFoundException("empty model name");
    }
    if (LocalLoader.looksLocal(ref)) {
      Path p = expandHome(ref);
      return LocalLoader.load(ref, p.isAbsolute() ? p : workingDir.resolve(p).normalize());
    }
    throw new ModelNotFoundException(ref + ": no such file or folder");
  }

  /** Estimates inference and training memory for a spec. */
  public Estimate estimate(ModelSpec spec, Workload workload) {
    return Estimator.estimate(spec, workload);
  }

  private static Path expandHome(String ref) {
    if (ref.equals("~") || ref.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + ref.substring(1));
    }
    return Path.of(ref);
  }

  /** Builds an {@link HfVram}. */
  public static final class Builder {
    private Path workingDir = Path.of("").toAbsolutePath();

    private Builder() {}

    /** The folder relative paths resolve against (default: the current directory). */
    public Builder workingDir(Path dir) {
      this.workingDir = dir.toAbsolutePath();
      return this;
    }

    public HfVram build() {
      return new HfVram(this);
    }
  }
}
