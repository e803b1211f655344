package io.hfvram.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.hfvram.HfVram;
import io.hfvram.HubSettings;
import io.hfvram.MutableClock;
import io.hfvram.TestFacades;
import io.hfvram.source.LoadedModel;
import io.hfvram.spec.ParameterSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An unknown model_type on the Hub: its headers are read for their shapes, summary or not. */
final class HubFromWeightsTest {
  @RegisterExtension
  static WireMockExtension hub =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  private static final String INFO = "/api/models/org/model/revision/main";
  private static final String BASE = "/org/model/resolve/" + HubFixtures.SHA + "/";

  private HfVram facade() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    HubSettings s =
        HubSettings.defaults()
            .withEndpoint(hub.baseUrl())
            .withCacheDir(tmp.resolve("cache"))
            .withTimeout(Duration.ofSeconds(5));
    return TestFacades.withTime(
            HfVram.builder().env(new HashMap<>()).home(tmp.resolve("home")).workingDir(tmp).hub(s),
            clock,
            new RecordingSleeper(clock))
        .build();
  }

  @Test
  void unknownTypeReadsTheHeadersEvenWithTheSummary() throws Exception {
    StringBuilder header =
        new StringBuilder(
            "{\"model.embed_tokens.weight\":{\"dtype\":\"BF16\","
                + "\"shape\":[1000,64],\"data_offsets\":[0,128000]}");
    String[] names = {"q_proj", "k_proj", "v_proj", "o_proj"};
    long[] outs = {64, 16, 16, 64};
    long total = 64_000;
    for (int layer = 0; layer < 3; layer++) {
      for (int i = 0; i < names.length; i++) {
        header
            .append(",\"model.layers.")
            .append(layer)
            .append(".self_attn.")
            .append(names[i])
            .append(".weight\":{\"dtype\":\"BF16\",\"shape\":[")
            .append(outs[i])
            .append(",64],\"data_offsets\":[0,0]}");
        total += outs[i] * 64;
      }
    }
    header.append('}');
    hub.stubFor(
        get(INFO)
            .willReturn(
                okJson(
                    HubFixtures.info(
                        HubFixtures.SHA,
                        "{\"parameters\":{\"BF16\":" + total + "},\"total\":" + total + "}",
                        "config.json",
                        "model.safetensors"))));
    hub.stubFor(
        get(BASE + "config.json")
            .willReturn(
                okJson(
                    "{\"model_type\":\"frobnicator9\",\"num_attention_heads\":8,\"torch_dtype\":\"bfloat16\"}")));
    hub.stubFor(
        get(urlEqualTo(BASE + "model.safetensors"))
            .withHeader("Range", equalTo("bytes=0-99999"))
            .willReturn(
                HubFixtures.partial(HubFixtures.safetensors(header.toString(), 64), 0, 1_000_000)));
    LoadedModel m = facade().load("org/model");
    assertEquals(ParameterSource.WEIGHTS, m.spec().parameterSource());
    assertEquals(total, m.spec().parameters());
    assertEquals(3 * 2 * 16, m.spec().cacheElementsPerToken());
    assertEquals(2, m.spec().numKeyValueHeads());
    assertTrue(
        m.spec().assumptions().toString().contains("model.safetensors header"),
        m.spec().assumptions().toString());
  }
}
