package io.hfvram.spec;

/** Maps the config of one architecture family to a {@link ModelSpec}. */
interface FamilyMapper {
  ModelSpec map(RawConfig config, Context context) throws InvalidConfigException;

  /** What the caller knows beyond the config itself. */
  record Context(String modelType, String architecture, DType dtype, boolean nested) {}
}
