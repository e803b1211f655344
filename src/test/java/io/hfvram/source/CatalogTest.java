package io.hfvram.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.ParameterSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class CatalogTest {
  private final Catalog catalog = Catalog.embedded();

  @Test
  void everyEntryMapsAndItsPublishedCountAgreesWithTheArchitecture() throws Exception {
    assertFalse(catalog.entries().isEmpty());
    for (Catalog.Entry e : catalog.entries()) {
      ModelSpec s = catalog.spec(e);
      assertEquals(ParameterSource.CATALOG, s.parameterSource());
      long published = e.rounded() == null ? e.params() : s.parameters();
      assertEquals(published, s.parameters(), e.repoId());
      double diff = Math.abs(s.derivedParameters() - published) / (double) published;
      assertTrue(diff < 0.005, e.repoId() + ": formula and published count differ by " + diff);
      assertFalse(e.source().isBlank(), e.repoId() + " names its source");
    }
  }

  /** The models of the real-config corpus (../shared/configs/INDEX.md). */
  private static final List<String> CORPUS =
      List.of(
          "EleutherAI/pythia-6.9b-v0",
          "Qwen/Qwen2-VL-7B-Instruct-GPTQ-Int8",
          "Qwen/Qwen2.5-7B",
          "Qwen/Qwen2.5-7B-Instruct",
          "Qwen/Qwen3-0.6B",
          "Qwen/Qwen3-30B-A3B",
          "Qwen/Qwen3-30B-A3B-FP8",
          "Qwen/Qwen3-8B",
          "aiplanet/LuxLlama",
          "deepseek-ai/DeepSeek-V3",
          "google/flan-t5-large",
          "google/gemma-2b-it",
          "google/medgemma-27b-it",
          "google-bert/bert-base-uncased",
          "llava-hf/llava-1.5-7b-hf",
          "meta-llama/Llama-2-70b-hf",
          "meta-llama/Llama-2-7b-hf",
          "meta-llama/Llama-3.1-8B",
          "meta-llama/Llama-3.2-1B",
          "meta-llama/Llama-3.2-3B",
          "microsoft/Phi-3-mini-4k-instruct",
          "microsoft/phi-2",
          "mistralai/Mistral-7B-v0.1",
          "mistralai/Mistral-Nemo-Instruct-2407",
          "mistralai/Mixtral-8x7B-v0.1",
          "nvidia/Nemotron-H-56B-Base-8K",
          "openai/gpt-oss-20b",
          "openai-community/gpt2",
          "tiiuae/falcon-7b-instruct");

  @Test
  void coversTheRealConfigCorpusAndTheLlama2Family() {
    // spec.SharedConfigsTest also checks every folder of ../shared/configs, where it exists.
    Set<String> missing = new HashSet<>();
    for (String id : CORPUS) {
      if (catalog.find(id) == null) {
        missing.add(id);
      }
    }
    for (String id :
        new String[] {
          "meta-llama/Llama-2-7b-hf",
          "meta-llama/Llama-2-13b-hf",
          "meta-llama/Llama-2-70b-hf",
          "meta-llama/Llama-2-70b-chat-hf"
        }) {
      assertNotNull(catalog.find(id), id);
    }
    assertTrue(missing.isEmpty(), "not in the catalog: " + missing);
  }

  @Test
  void lookupIsCaseInsensitiveAndDated() {
    assertNotNull(catalog.find("META-LLAMA/llama-2-70B-HF"));
    assertTrue(catalog.date().matches("\\d{4}-\\d{2}-\\d{2}"));
  }
}
