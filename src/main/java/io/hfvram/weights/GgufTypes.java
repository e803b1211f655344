package io.hfvram.weights;

/** ggml tensor type ids and names (hub-protocol.md §8.4). */
final class GgufTypes {
  private static final String[] NAMES = new String[43];

  static {
    String[][] t = {
      {"0", "F32"},
      {"1", "F16"},
      {"2", "Q4_0"},
      {"3", "Q4_1"},
      {"6", "Q5_0"},
      {"7", "Q5_1"},
      {"8", "Q8_0"},
      {"9", "Q8_1"},
      {"10", "Q2_K"},
      {"11", "Q3_K"},
      {"12", "Q4_K"},
      {"13", "Q5_K"},
      {"14", "Q6_K"},
      {"15", "Q8_K"},
      {"16", "IQ2_XXS"},
      {"17", "IQ2_XS"},
      {"18", "IQ3_XXS"},
      {"19", "IQ1_S"},
      {"20", "IQ4_NL"},
      {"21", "IQ3_S"},
      {"22", "IQ2_S"},
      {"23", "IQ4_XS"},
      {"24", "I8"},
      {"25", "I16"},
      {"26", "I32"},
      {"27", "I64"},
      {"28", "F64"},
      {"29", "IQ1_M"},
      {"30", "BF16"},
      {"34", "TQ1_0"},
      {"35", "TQ2_0"},
      {"39", "MXFP4"},
      {"40", "NVFP4"},
      {"41", "Q1_0"},
      {"42", "Q2_0"},
    };
    for (String[] e : t) {
      NAMES[Integer.parseInt(e[0])] = e[1];
    }
  }

  /** Elements per block and bytes per block of the types whose layout is fixed (ggml.c). */
  private static final int[][] BLOCKS = {
    {0, 1, 4},
    {1, 1, 2},
    {2, 32, 18},
    {3, 32, 20},
    {6, 32, 22},
    {7, 32, 24},
    {8, 32, 34},
    {9, 32, 36},
    {10, 256, 84},
    {11, 256, 110},
    {12, 256, 144},
    {13, 256, 176},
    {14, 256, 210},
    {15, 256, 292},
    {16, 256, 66},
    {17, 256, 74},
    {18, 256, 98},
    {19, 256, 50},
    {20, 32, 18},
    {21, 256, 110},
    {22, 256, 82},
    {23, 256, 136},
    {24, 1, 1},
    {25, 1, 2},
    {26, 1, 4},
    {27, 1, 8},
    {28, 1, 8},
    {29, 256, 56},
    {30, 1, 2},
    {34, 256, 54},
    {35, 256, 66},
    {39, 32, 17},
  };

  private GgufTypes() {}

  /**
   * Bytes of a tensor of {@code n} elements of type {@code id}, or 0 when the layout is unknown.
   */
  static long bytes(int id, long n) {
    for (int[] b : BLOCKS) {
      if (b[0] == id) {
        return Math.multiplyExact((n + b[1] - 1) / b[1], (long) b[2]);
      }
    }
    return 0;
  }

  static String name(int id) {
    return id >= 0 && id < NAMES.length && NAMES[id] != null ? NAMES[id] : "UNKNOWN_" + id;
  }
}
