package io.hfvram.scan;

import io.hfvram.core.HfVramException;
import io.hfvram.estimate.Estimator;
import io.hfvram.estimate.Workload;
import io.hfvram.report.Report;
import io.hfvram.report.Row;
import io.hfvram.source.LoadedModel;
import io.hfvram.source.ModelLoader;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Scans many models concurrently and hands every input exactly one row, in input order, as soon as
 * order allows. At most {@code concurrency x 4} rows are in flight, so memory stays bounded
 * whatever the input's length. Identical inputs in flight at once are loaded once; later duplicates
 * are answered by the shared cache. A failure is a row, never an abort.
 */
public final class Scanner {
  private final ModelLoader loader;
  private final Workload workload;
  private final int concurrency;
  private final Function<Throwable, String> describe;
  private final ConcurrentHashMap<String, CompletableFuture<LoadedModel>> inFlight =
      new ConcurrentHashMap<>();

  /** What a scan did. */
  public record Summary(long rows, long failed) {}

  /**
   * One input: the text of a scan line (or a listed id) and, when the line itself is unusable (not
   * UTF-8, too long), the error that is its row.
   *
   * @param text the input as shown in its row
   * @param error why the line cannot be scanned, or null
   */
  public record Input(String text, String error) {
    /** A usable input. */
    public static Input of(String text) {
      return new Input(text, null);
    }
  }

  /** Called as each row finishes (in completion order), for progress. */
  public interface Listener {
    void finished(Row row);
  }

  public Scanner(
      ModelLoader loader,
      Workload workload,
      int concurrency,
      Function<Throwable, String> describe) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.loader = loader;
    this.workload = workload;
    this.concurrency = concurrency;
    this.describe = describe;
  }

  /** Scans every input; {@code sink} receives the rows in input order. */
  public Summary run(Iterator<String> inputs, Consumer<Row> sink, Listener listener)
      throws InterruptedException {
    return scan(
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return inputs.hasNext();
          }

          @Override
          public Input next() {
            return Input.of(inputs.next());
          }
        },
        sink,
        listener);
  }

  /**
   * Scans every input; {@code sink} receives the rows in input order. An input with an error is its
   * row at once. An exception from the sink (a write error) ends the scan: the workers are stopped
   * and nothing more is fetched.
   */
  public Summary scan(Iterator<Input> inputs, Consumer<Row> sink, Listener listener)
      throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemon =
        r -> {
          Thread t = new Thread(r, "hf-vram-scan-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, daemon);
    ArrayDeque<Pending> window = new ArrayDeque<>();
    int limit = concurrency * 4;
    long index = 0;
    long failed = 0;
    try {
      while (inputs.hasNext()) {
        Input in = inputs.next();
        String input = in.text();
        long i = index++;
        if (window.size() >= limit) {
          failed += emit(window.poll(), sink);
        }
        window.add(
            new Pending(
                i,
                input,
                pool.submit(
                    () -> {
                      Row row =
                          in.error() != null
                              ? new Row(i, input, null, in.error())
                              : process(i, input);
                      if (listener != null) {
                        listener.finished(row);
                      }
                      return row;
                    })));
      }
      while (!window.isEmpty()) {
        failed += emit(window.poll(), sink);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Summary(index, failed);
  }

  /** A submitted input: its place, its text and the worker computing its row. */
  private record Pending(long index, String input, Future<Row> row) {}

  /**
   * Hands the oldest pending row to the sink. A worker that died (an error outside the per-row
   * handling) still yields that input's row, so no later row is lost.
   */
  private int emit(Pending p, Consumer<Row> sink) throws InterruptedException {
    Row r;
    try {
      r = p.row().get();
    } catch (ExecutionException e) {
      r = new Row(p.index(), p.input(), null, describeFailure(e.getCause()));
    }
    sink.accept(r);
    return r.failed() ? 1 : 0;
  }

  private String describeFailure(Throwable t) {
    if (t instanceof OutOfMemoryError) {
      return "internal error: ran out of memory on this input (please report it)";
    }
    return describe.apply(t);
  }

  Row process(long index, String input) {
    try {
      LoadedModel m = load(input);
      return new Row(index, input, new Report(m, Estimator.estimate(m.spec(), workload)), null);
    } catch (Throwable t) {
      // A failure is this row's, whatever it is: the scan goes on with the next input.
      return new Row(index, input, null, describeFailure(t));
    }
  }

  private LoadedModel load(String input) throws HfVramException {
    CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
    CompletableFuture<LoadedModel> running = inFlight.putIfAbsent(input, mine);
    if (running != null) {
      try {
        return running.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof HfVramException) {
          throw (HfVramException) e.getCause();
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    try {
      LoadedModel m = loader.load(input);
      mine.complete(m);
      return m;
    } catch (HfVramException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(input, mine);
    }
  }
}
