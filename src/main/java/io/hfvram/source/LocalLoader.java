package io.hfvram.source;

import io.hfvram.core.HfVramException;
import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import io.hfvram.spec.ConfigMapper;
import io.hfvram.spec.GgufMapper;
import io.hfvram.spec.InvalidConfigException;
import io.hfvram.spec.ModelSpec;
import io.hfvram.weights.GgufReader;
import io.hfvram.weights.LocalWeights;
import io.hfvram.weights.WeightsLayout;
import io.hfvram.weights.WeightsMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Reads a model from a local checkpoint folder or a config.json path. */
public final class LocalLoader {
  /** Largest config.json accepted. */
  public static final long MAX_CONFIG_BYTES = 10L << 20;

  private LocalLoader() {}

  /**
   * True when {@code ref} is spelled like a path rather than a Hub id. The part after an '@' of
   * "org/name@rev" is a revision and may hold slashes ("refs/pr/1").
   */
  public static boolean looksLocal(String ref) {
    int at = ref.indexOf('@');
    String id =
        at > 0 && ref.substring(0, at).split("/", -1).length == 2 ? ref.substring(0, at) : ref;
    return ref.startsWith("/")
        || ref.startsWith("./")
        || ref.startsWith("../")
        || ref.startsWith("~")
        || ref.equals(".")
        || ref.equals("..")
        || ref.endsWith(".json")
        || ref.endsWith(".gguf")
        || ref.contains("\\")
        || id.split("/", -1).length > 2;
  }

  /** Loads and maps the model at {@code path} (a folder with config.json, or a json file). */
  public static LoadedModel load(String ref, Path path) throws HfVramException {
    Path config = path;
    if (!Files.exists(path)) {
      throw new ModelNotFoundException(path + ": no such file or folder");
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".gguf")) {
      GgufReader.Header h = GgufReader.read(path);
      ModelSpec spec =
          GgufMapper.map(
              h.metadata(),
              h.elementsByType(),
              h.tensorNames(),
              v ->
                  v instanceof GgufReader.ArrayInfo
                      ? ((GgufReader.ArrayInfo) v).length()
                      : v instanceof List ? ((List<?>) v).size() : -1,
              path.toString());
      return new LoadedModel(ref, new ModelSource.Local(path.toString()), spec, h.warnings());
    }
    if (Files.isDirectory(path)) {
      config = path.resolve("config.json");
      if (!Files.isRegularFile(config)) {
        throw new InvalidConfigException(
            path.toString(),
            null,
            "has no config.json; point hf-vram at a checkpoint folder or a config.json file");
      }
    }
    Object parsed = parse(config);
    String file = config.toString();
    ModelSpec spec;
    if (!Files.isDirectory(path)) {
      spec = ConfigMapper.map(parsed, file);
    } else {
      Path folder = path;
      Function<String, Path> resolver =
          name -> {
            Path p = folder.resolve(name);
            return Files.isRegularFile(p) ? p : null;
          };
      spec = withWeights(parsed, file, () -> LocalWeights.read(folder, resolver));
    }
    return new LoadedModel(ref, new ModelSource.Local(path.toString()), spec, List.of());
  }

  /** Reads weights metadata, or fails with the weights' own error. */
  interface WeightsRead {
    WeightsMetadata read() throws HfVramException;
  }

  /**
   * Maps a config with its weights: an unknown model_type reads the weights first (its layout comes
   * from them); a known one maps the config first, so its errors come first as before.
   */
  static ModelSpec withWeights(Object parsed, String file, WeightsRead weights)
      throws HfVramException {
    if (WeightsLayout.fromWeights(parsed)) {
      return WeightsLayout.map(parsed, file, weights.read());
    }
    ModelSpec spec = ConfigMapper.map(parsed, file);
    return WeightsLayout.apply(spec, parsed, file, weights.read());
  }

  /** Reads and parses a JSON file with the size limit, turning every failure into one line. */
  public static Object parse(Path file) throws HfVramException {
    return parseJson(read(file, MAX_CONFIG_BYTES), file.toString());
  }

  /** Parses a JSON document; malformed JSON is a one-line error naming {@code label}. */
  public static Object parseJson(byte[] bytes, String label) throws InvalidConfigException {
    try {
      return Json.parse(bytes);
    } catch (JsonException e) {
      throw new InvalidConfigException(label, null, "is not valid JSON: " + e.getMessage());
    }
  }

  /** Reads a whole file no larger than {@code limit} bytes. */
  static byte[] read(Path file, long limit) throws HfVramException {
    try {
      long size = Files.size(file);
      if (size > limit) {
        throw new InvalidConfigException(
            file.toString(),
            null,
            "is " + size + " bytes, over the " + (limit >> 20) + " MiB limit for a config file");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes((int) limit + 1);
        if (bytes.length > limit) {
          throw new InvalidConfigException(
              file.toString(),
              null,
              "grew past the " + (limit >> 20) + " MiB limit while being read");
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new ModelNotFoundException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ModelNotFoundException(file + ": permission denied");
    } catch (IOException e) {
      throw new ModelNotFoundException(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }
}
