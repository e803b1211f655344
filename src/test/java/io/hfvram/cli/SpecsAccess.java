package io.hfvram.cli;

import io.hfvram.spec.ModelSpec;
import io.hfvram.spec.Specs;

/** Model specs with chosen head counts, from a fixture. */
final class SpecsAccess {
  private SpecsAccess() {}

  static ModelSpec gqa(long heads, long kvHeads) {
    ModelSpec s = Specs.fixture("google--gemma-2b");
    return new ModelSpec(
        s.modelType(),
        s.architecture(),
        s.hiddenSize(),
        s.numLayers(),
        heads,
        kvHeads,
        s.headDim(),
        s.intermediateSize(),
        s.vocabSize(),
        s.maxContext(),
        s.tiedEmbeddings(),
        s.parameters(),
        s.parameterSource(),
        s.weightDtype(),
        s.numExperts(),
        s.expertsPerToken(),
        s.weights(),
        s.cache(),
        s.storedParameters(),
        s.quantization(),
        s.assumptions(),
        s.dropout());
  }
}
