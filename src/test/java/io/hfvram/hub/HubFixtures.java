package io.hfvram.hub;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test data for a mock Hub. */
final class HubFixtures {
  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String LLAMA_CONFIG =
      "{\"model_type\":\"llama\",\"architectures\":"
          + "[\"LlamaForCausalLM\"],\"hidden_size\":4096,\"intermediate_size\":11008,"
          + "\"num_hidden_layers\":32,\"num_attention_heads\":32,\"max_position_embeddings\":4096,"
          + "\"vocab_size\":32000,\"tie_word_embeddings\":false,\"torch_dtype\":\"float16\"}";

  private HubFixtures() {}

  static String info(String sha, String safetensors, String... siblings) {
    StringBuilder sb = new StringBuilder("{\"id\":\"x\",\"sha\":\"" + sha + "\"");
    if (safetensors != null) {
      sb.append(",\"safetensors\":").append(safetensors);
    }
    sb.append(",\"siblings\":[");
    for (int i = 0; i < siblings.length; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"rfilename\":\"").append(siblings[i]).append("\"}");
    }
    return sb.append("]}").toString();
  }

  /** A 206 answer of {@code body} at {@code from} in a file of {@code total} bytes. */
  static ResponseDefinitionBuilder partial(byte[] body, long from, long total) {
    return WireMock.aResponse()
        .withStatus(206)
        .withBody(body)
        .withHeader(
            "Content-Range", "bytes " + from + "-" + (from + body.length - 1) + "/" + total);
  }

  /** A safetensors file prefix: 8-byte length, the header, and {@code dataBytes} zero bytes. */
  static byte[] safetensors(String headerJson, int dataBytes) {
    byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
    out.writeBytes(h);
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }
}
