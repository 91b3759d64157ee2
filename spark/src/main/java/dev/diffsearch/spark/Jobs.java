package dev.diffsearch.spark;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** What the driver of a sweep and of a split run set up alike: Spark's configuration and the tasks' progress. */
final class Jobs {

  private Jobs() {}

  /**
   * The configuration of a job called {@code app} on {@code master}, unless spark-submit set it otherwise: no UI,
   * four tries a task, executors offline (no model hub).
   */
  static SparkConf conf(String app, String master) {
    return new SparkConf()
        .setAppName(app)
        .setIfMissing("spark.master", master)
        .setIfMissing("spark.ui.enabled", "false")
        .setIfMissing("spark.task.maxFailures", "4")
        .setIfMissing("spark.executor.extraJavaOptions", "-Dai.djl.offline=true");
  }

  /**
   * Hears each task end: a successful one's partition index goes to {@code succeeded} (the listener bus runs
   * behind the job, so a driver also looks after the job for what it has not heard), a lost one is counted.
   */
  static final class TaskEnds extends SparkListener {
    private final IntConsumer succeeded;
    private final AtomicInteger lost = new AtomicInteger();

    TaskEnds(IntConsumer succeeded) {
      this.succeeded = succeeded;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskInfo().successful()) {
        succeeded.accept(end.taskInfo().index());
      } else {
        lost.incrementAndGet();
      }
    }

    /** Tasks lost so far (an executor died, or a task failed) and run again. */
    int lost() {
      return lost.get();
    }
  }
}
