package io.hfvram.report;

/**
 * The parts of a memory breakdown, each with one colour and one glyph wherever it is drawn (the
 * HTML bars and legends, the terminal's bars and keys), whatever its position in a bar.
 */
enum Part {
  WEIGHTS("Weights", "#1f77b4", 33, '#'),
  KV_CACHE("KV cache", "#ff7f0e", 208, '='),
  ACTIVATIONS("Activations", "#2ca02c", 70, '+'),
  OVERHEAD("Overhead", "#7f7f7f", 245, '.'),
  GRADIENTS("Gradients", "#9467bd", 135, '~'),
  OPTIMIZER("Optimizer", "#8c564b", 130, '*'),
  TRANSIENTS("Transients", "#d62728", 167, '%');

  private final String label;
  private final String hex;
  private final int ansi;
  private final char glyph;

  Part(String label, String hex, int ansi, char glyph) {
    this.label = label;
    this.hex = hex;
    this.ansi = ansi;
    this.glyph = glyph;
  }

  /** The name shown to the user. */
  String label() {
    return label;
  }

  /** The HTML colour, {@code #rrggbb}. */
  String hex() {
    return hex;
  }

  /** The ANSI 256-colour code of the terminal. */
  int ansi() {
    return ansi;
  }

  /** The character drawn without colour. */
  char glyph() {
    return glyph;
  }
}
