package io.hfvram.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.HfVram;
import io.hfvram.estimate.Workload;
import io.hfvram.source.LoadedModel;
import io.hfvram.spec.DType;
import io.hfvram.spec.ParameterSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact counts from weights metadata in local folders and GGUF files. */
final class LocalWeightsTest {
  @TempDir Path tmp;

  private static final String CONFIG =
      "{\"model_type\":\"llama\",\"hidden_size\":64,"
          + "\"intermediate_size\":128,\"num_hidden_layers\":2,\"num_attention_heads\":4,"
          + "\"vocab_size\":100,\"max_position_embeddings\":64,\"torch_dtype\":\"bfloat16\"}";

  private static void safetensors(Path file, String header, long dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + h.length + (int) dataBytes)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(h.length)
            .put(h);
    Files.write(file, b.array());
  }

  private LoadedModel load(Path p) throws Exception {
    return HfVram.builder().workingDir(tmp).build().load(p.toString());
  }

  @Test
  void singleFileHeaderGivesTheExactCountAndStoredDtypes() throws Exception {
    Files.writeString(tmp.resolve("config.json"), CONFIG);
    safetensors(
        tmp.resolve("model.safetensors"),
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"BF16\",\"shape\":[100,64],\"data_offsets\":[0,12800]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[64],\"data_offsets\":[12800,13056]},"
            + "\"s\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[13056,13058]}}",
        13058);
    LoadedModel m = load(tmp);
    assertEquals(6465, m.spec().parameters());
    assertEquals(ParameterSource.SAFETENSORS, m.spec().parameterSource());
    long weights =
        HfVram.builder().build().estimate(m.spec(), Workload.defaults()).inference().weightsBytes();
    assertEquals(6401 * 2 + 64 * 4, weights);
  }

  @Test
  void shardIndexNamesTheFiles() throws Exception {
    Files.writeString(tmp.resolve("config.json"), CONFIG);
    Files.writeString(
        tmp.resolve("model.safetensors.index.json"),
        "{\"metadata\":{"
            + "\"total_size\":1},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\","
            + "\"b\":\"model-00002-of-00002.safetensors\"}}");
    safetensors(
        tmp.resolve("model-00001-of-00002.safetensors"),
        "{\"a\":{\"dtype\":\"BF16\",\"shape\":[10,10],\"data_offsets\":[0,200]}}",
        200);
    safetensors(
        tmp.resolve("model-00002-of-00002.safetensors"),
        "{\"b\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[0,10]}}",
        10);
    assertEquals(105, load(tmp).spec().parameters());
  }

  @Test
  void hostileHeadersFailCleanly() throws Exception {
    Files.writeString(tmp.resolve("config.json"), CONFIG);
    Path f = tmp.resolve("model.safetensors");
    Files.write(
        f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array());
    WeightsException e = assertThrows(WeightsException.class, () -> load(tmp));
    assertTrue(e.getMessage().contains("33554432"), e.getMessage());
    Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5000).array());
    assertTrue(
        assertThrows(WeightsException.class, () -> load(tmp))
            .getMessage()
            .contains("past the end"));
    Files.writeString(
        tmp.resolve("model.safetensors.index.json"),
        "{\"weight_map\":{\"a\":\"../../etc/passwd\"}}");
    assertTrue(
        assertThrows(WeightsException.class, () -> load(tmp)).getMessage().contains("refusing"));
  }

  @Test
  void ggufHeaderGivesCountsTypesAndPerLayerKvHeads() throws Exception {
    byte[] gguf =
        new GgufWriter()
            .string("general.architecture", "llama")
            .u32("llama.block_count", 2)
            .u32("llama.embedding_length", 64)
            .u32("llama.feed_forward_length", 128)
            .u32("llama.context_length", 2048)
            .u32("llama.attention.head_count", 4)
            .u32Array("llama.attention.head_count_kv", 4, 2)
            .stringArray("tokenizer.ggml.tokens", 100)
            .tensor("token_embd.weight", 0, 64, 100)
            .tensor("blk.0.attn_q.weight", 12, 64, 64)
            .tensor("blk.1.attn_q.weight", 12, 64, 64)
            .tensor("output.weight", 14, 64, 256)
            .bytes();
    Path f = tmp.resolve("tiny.Q4_K_M.gguf");
    Files.write(f, gguf);
    LoadedModel m = load(f);
    assertEquals(6400 + 4096 + 4096 + 16384, m.spec().parameters());
    assertEquals(ParameterSource.GGUF, m.spec().parameterSource());
    assertEquals(DType.INT4, m.spec().weightDtype());
    assertEquals(100, m.spec().vocabSize());
    // Per-layer KV heads 4 and 2, head dim 16: (4 + 2) x 2 x 16 elements x 2 B.
    assertEquals(
        (4 + 2) * 2 * 16 * 2, io.hfvram.estimate.Estimator.kvBytesPerToken(m.spec(), DType.BF16));
    // F32 6,400 x 4 B; Q4_K 8,192 / 256 x 144 B; Q6_K 16,384 / 256 x 210 B.
    long weights =
        HfVram.builder().build().estimate(m.spec(), Workload.defaults()).inference().weightsBytes();
    assertEquals(6400 * 4 + 32 * 144 + 64 * 210, weights);
  }

  @Test
  void badGgufFilesFailCleanly() throws Exception {
    Path f = tmp.resolve("bad.gguf");
    Files.write(f, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0});
    assertTrue(
        assertThrows(WeightsException.class, () -> load(f)).getMessage().contains("truncated"));
    Files.write(f, "not a gguf".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        assertThrows(WeightsException.class, () -> load(f)).getMessage().contains("bad magic"));
    byte[] huge =
        ByteBuffer.allocate(24)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 'G')
            .put((byte) 'G')
            .put((byte) 'U')
            .put((byte) 'F')
            .putInt(3)
            .putLong(Long.MAX_VALUE)
            .putLong(1)
            .array();
    Files.write(f, huge);
    assertTrue(
        assertThrows(WeightsException.class, () -> load(f)).getMessage().contains("out of bounds"));
  }
}
