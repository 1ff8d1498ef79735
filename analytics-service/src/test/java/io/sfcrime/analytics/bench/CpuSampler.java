package io.sfcrime.analytics.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's CPU time sampled every few milliseconds on a thread of its own, so that the
 * CPU a catch-up used can be read from the moment its query's first trigger started,
 * known only afterwards.
 */
final class CpuSampler implements AutoCloseable {

    private record Sample(long epochMillis, double cpuMillis) {
    }

    private final List<Sample> samples = new ArrayList<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cpu-sampler");
        thread.setDaemon(true);
        return thread;
    });

    CpuSampler() {
        this.timer.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        synchronized (this.samples) {
            this.samples.add(new Sample(System.currentTimeMillis(), Counted.processCpuMillis()));
        }
    }

    /** The CPU time of the last sample at or before {@code epochMillis}. */
    double cpuAt(long epochMillis) {
        synchronized (this.samples) {
            double cpu = this.samples.get(0).cpuMillis();
            for (Sample sample : this.samples) {
                if (sample.epochMillis() > epochMillis) {
                    break;
                }
                cpu = sample.cpuMillis();
            }
            return cpu;
        }
    }

    @Override
    public void close() {
        this.timer.shutdownNow();
    }

}
