package io.hfvram.cli;

import io.hfvram.estimate.Engine;
import io.hfvram.estimate.Gpus;
import io.hfvram.estimate.Method;
import io.hfvram.report.Format;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** The values shell completion offers for options that take one of a few names. */
final class Completions {
  private Completions() {}

  private static Iterator<String> names(List<?> values) {
    return values.stream().map(Object::toString).toList().iterator();
  }

  /** --gpu: the catalog's ids. */
  static final class Gpu implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Gpus.all().stream().map(Gpus.Gpu::id).toList().iterator();
    }
  }

  /** --engine. */
  static final class Engines implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(Arrays.asList(Engine.values()));
    }
  }

  /** --method. */
  static final class Methods implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(Arrays.asList(Method.values()));
    }
  }

  /** --format of the estimate command. */
  static final class ModelFormats implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(Format.forModels());
    }
  }

  /** --format of a scan. */
  static final class ScanFormats implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(Format.forScan());
    }
  }
}
