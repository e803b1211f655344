package io.hfvram.spec;

/**
 * Whisper and its look-alike speech encoder-decoders ({@code whisper}): two convolutions over
 * {@code num_mel_bins} log-mel channels, an encoder of {@code encoder_layers} over {@code
 * max_source_positions} frames (learned positions), a decoder of {@code decoder_layers} with self-
 * and cross-attention; LayerNorms and biases everywhere except k_proj; the output projection tied
 * to the decoder embedding. The decoder's self-attention caches K and V per generated token; its
 * cross-attention caches K and V of every encoder frame once per sequence. Defaults: WhisperConfig
 * (transformers v4.57).
 */
final class WhisperMapper implements FamilyMapper {
  @Override
  public ModelSpec map(RawConfig c, Context ctx) throws InvalidConfigException {
    String why = "WhisperConfig default";
    long d = c.integer(384, why, 1, RawConfig.MAX_WIDTH, "d_model");
    long encLayers = c.integer(4, why, 1, RawConfig.MAX_COUNT, "encoder_layers");
    long decLayers = c.integer(4, why, 1, RawConfig.MAX_COUNT, "decoder_layers");
    long encHeads = c.integer(6, why, 1, RawConfig.MAX_COUNT, "encoder_attention_heads");
    long decHeads = c.integer(6, why, 1, RawConfig.MAX_COUNT, "decoder_attention_heads");
    long encFfn = c.integer(1536, why, 1, RawConfig.MAX_WIDTH, "encoder_ffn_dim");
    long decFfn = c.integer(1536, why, 1, RawConfig.MAX_WIDTH, "decoder_ffn_dim");
    long vocab = c.integer(51865, why, 1, RawConfig.MAX_VOCAB, "vocab_size");
    long mels = c.integer(80, why, 1, 1 << 12, "num_mel_bins");
    long frames = c.integer(1500, why, 1, RawConfig.MAX_CONTEXT, "max_source_positions");
    long targets = c.integer(448, why, 1, RawConfig.MAX_CONTEXT, "max_target_positions");
    boolean tied = Conventions.tied(c, "whisper", true, why);
    if (d % decHeads != 0) {
      throw c.error(
          "d_model", "is " + d + ", not a multiple of decoder_attention_heads " + decHeads);
    }
    SpecBuilder b = SpecBuilder.of(ctx);
    b.dims(
        d, encLayers + decLayers, decHeads, decHeads, d / decHeads, decFfn, vocab, targets, tied);
    b.add(new WeightGroup("encoder.conv1", Role.OTHER, mels * 3, d, 1, true));
    b.add(new WeightGroup("encoder.conv2", Role.OTHER, d * 3, d, 1, true));
    b.add(new WeightGroup("encoder.embed_positions", Role.EMBEDDING, frames, d, 1, false));
    attention(b, "encoder.self_attn.", encLayers, d);
    feedForward(b, "encoder.", encLayers, d, encFfn);
    b.norm("encoder.layer_norms", d, 2 * encLayers + 1, true);
    b.linear("decoder.embed_tokens", Role.EMBEDDING, vocab, d, 1, false);
    b.add(new WeightGroup("decoder.embed_positions", Role.EMBEDDING, targets, d, 1, false));
    attention(b, "decoder.self_attn.", decLayers, d);
    attention(b, "decoder.encoder_attn.", decLayers, d);
    feedForward(b, "decoder.", decLayers, d, decFfn);
    b.norm("decoder.layer_norms", d, 3 * decLayers + 1, true);
    if (!tied) {
      b.linear("proj_out", Role.LM_HEAD, d, vocab, 1, false);
    }
    b.cache(CacheGroup.attention(decLayers, decHeads, d / decHeads, d / decHeads));
    b.cache(CacheGroup.state(decLayers, Math.multiplyExact(2 * d, frames)));
    c.assume(
        "whisper: cross-attention K/V of "
            + frames
            + " encoder frames held once per"
            + " sequence in each of the "
            + decLayers
            + " decoder layers");
    return b.build(c);
  }

  /** q/v/out projections with biases, k_proj without (WhisperAttention). */
  private static void attention(SpecBuilder b, String p, long layers, long d) {
    b.linear(p + "q_proj", Role.ATTENTION, d, d, layers, true);
    b.linear(p + "k_proj", Role.ATTENTION, d, d, layers, false);
    b.linear(p + "v_proj", Role.ATTENTION, d, d, layers, true);
    b.linear(p + "out_proj", Role.ATTENTION, d, d, layers, true);
  }

  private static void feedForward(SpecBuilder b, String p, long layers, long d, long ffn) {
    b.linear(p + "fc1", Role.MLP, d, ffn, layers, true);
    b.linear(p + "fc2", Role.MLP, ffn, d, layers, true);
  }
}
