package io.hfvram.weights;

/** ggml tensor type ids and names (hub-protocol.md §8.4). */
final class GgufTypes {
  private static final String[] NAMES = new String[43];

  static {
    String[][] t = {
      {"0", "F32"}, {"1", "F16"}, {"2", "Q4_0"}, {"3", "Q4_1"}, {"6", "Q5_0"}, {"7", "Q5_1"},
      {"8", "Q8_0"}, {"9", "Q8_1"}, {"10", "Q2_K"}, {"11", "Q3_K"}, {"12", "Q4_K"},
      {"13", "Q5_K"}, {"14", "Q6_K"}, {"15", "Q8_K"}, {"16", "IQ2_XXS"}, {"17", "IQ2_XS"},
      {"18", "IQ3_XXS"}, {"19", "IQ1_S"}, {"20", "IQ4_NL"}, {"21", "IQ3_S"}, {"22", "IQ2_S"},
      {"23", "IQ4_XS"}, {"24", "I8"}, {"25", "I16"}, {"26", "I32"}, {"27", "I64"}, {"28", "F64"},
      {"29", "IQ1_M"}, {"30", "BF16"}, {"34", "TQ1_0"}, {"35", "TQ2_0"}, {"39", "MXFP4"},
      {"40", "NVFP4"}, {"41", "Q1_0"}, {"42", "Q2_0"},
    };
    for (String[] e : t) {
      NAMES[Integer.parseInt(e[0])] = e[1];
    }
  }

  private GgufTypes() {}

  static String name(int id) {
    return id >= 0 && id < NAMES.length && NAMES[id] != null ? NAMES[id] : "UNKNOWN_" + id;
  }
}
