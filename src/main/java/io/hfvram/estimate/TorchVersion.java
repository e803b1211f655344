package io.hfvram.estimate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PyTorch release, for the mechanisms that changed between releases (docs/formulas.md, "PyTorch
 * releases"): before 1.11 softmax and log_softmax keep their input for backward (pytorch issue
 * #64000; transformers' pytorch_utils.py switched {@code _softmax_backward_data} on {@code
 * is_torch_less_than_1_11}); before 2.0 {@code zero_grad} zeroes gradients in place instead of
 * freeing them ({@code set_to_none} became the default in 2.0).
 *
 * @param major major version
 * @param minor minor version
 */
public record TorchVersion(int major, int minor) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,2})\\.(\\d{1,3})(\\.\\d{1,3})?");

  public TorchVersion {
    if (major < 1 || minor < 0) {
      throw new IllegalArgumentException("bad PyTorch version " + major + "." + minor);
    }
  }

  /** Parses {@code 1.10}, {@code 2.2} or {@code 2.2.1}; null when it is not such a version. */
  public static TorchVersion parse(String s) {
    Matcher m = FORM.matcher(s.strip());
    if (!m.matches()) {
      return null;
    }
    return new TorchVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Whether this release is older than {@code major.minor}. */
  public boolean before(int major, int minor) {
    return this.major < major || (this.major == major && this.minor < minor);
  }

  /** Whether softmax and log_softmax save their input for backward (before 1.11). */
  boolean softmaxSavesInput() {
    return before(1, 11);
  }

  /** Whether zero_grad zeroes gradients in place by default (before 2.0). */
  boolean zeroGradInPlace() {
    return before(2, 0);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
