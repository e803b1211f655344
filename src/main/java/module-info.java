/**
 * hf-vram: how much GPU memory a Hugging Face model needs to run or to train.
 *
 * <p>The library API is the facade {@link io.hfvram.HfVram} and the value packages it returns:
 * {@code spec} (the mapped architecture), {@code estimate} (the estimator and its records), {@code
 * source} (a loaded model and where it came from), {@code report} (the renderers) and {@code core}
 * (the exception hierarchy and formatting). The Hub transport ({@code hub}), the weights-header
 * readers ({@code weights}), the scanner and the command line stay internal.
 */
module io.hfvram {
  requires com.fasterxml.jackson.core;
  requires com.github.benmanes.caffeine;
  requires okhttp3;
  requires jdk.httpserver;

  exports io.hfvram;
  exports io.hfvram.core;
  exports io.hfvram.spec;
  exports io.hfvram.estimate;
  exports io.hfvram.source;
  exports io.hfvram.report;
}
