package io.pivotreport.bench.auth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;

/**
 * Not a JMH benchmark: a plain loop that reports the benchmark operations' <em>thread CPU time</em> per operation.
 * On a machine shared with other builds, wall-clock throughput says more about the neighbours than about the code;
 * CPU time per operation is much less sensitive to them. Run:
 * {@code java -cp bench/target/benchmarks.jar io.pivotreport.bench.auth.CpuTimeProbe}
 */
public final class CpuTimeProbe {
    private static volatile Object sink;

    private CpuTimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        HostTokenBenchmark host = new HostTokenBenchmark();
        host.setUp();
        SignedInstallBenchmark install = new SignedInstallBenchmark();
        install.setUp();
        probe("verifyIframeHostToken", host::verifyIframeHostToken, 100_000, 50_000);
        probe("verifyWebhookHostToken", host::verifyWebhookHostToken, 100_000, 50_000);
        probe("qshOfIframeRequest", host::qshOfIframeRequest, 100_000, 50_000);
        probe("verifySignedInstallWarmCache", install::verifySignedInstallWarmCache, 20_000, 10_000);
        install.checkCacheStayedWarm();
    }

    private static void probe(String name, Callable<Object> operation, int warmup, int measured) throws Exception {
        for (int i = 0; i < warmup; i++) {
            sink = operation.call();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < measured; i++) {
                sink = operation.call();
            }
            best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
        }
        double microsPerOp = best / 1000.0 / measured;
        System.out.printf("%-30s %7.1f us CPU/op  = %,9.0f ops per CPU-second (best of 5 rounds of %,d)%n",
                name, microsPerOp, 1_000_000 / microsPerOp, measured);
    }
}
