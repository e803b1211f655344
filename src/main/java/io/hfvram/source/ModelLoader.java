package io.hfvram.source;

import io.hfvram.core.HfVramException;

/** Turns one input (a local path or a Hub id "org/name[@rev]") into a loaded model. */
@FunctionalInterface
public interface ModelLoader {
  /** Loads and maps the model {@code ref} names. */
  LoadedModel load(String ref) throws HfVramException;
}
