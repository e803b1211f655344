package io.hfvram.core;

import java.util.function.Supplier;

/** A value made on first use, once, thread-safely; a null result is kept too. */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> make;
  private volatile boolean done;
  private T value;

  public Lazy(Supplier<T> make) {
    this.make = make;
  }

  @Override
  public T get() {
    if (!done) {
      synchronized (this) {
        if (!done) {
          value = make.get();
          done = true;
        }
      }
    }
    return value;
  }
}
