package dev.vantage.agent.cli;

import com.sun.management.OperatingSystemMXBean;
import dev.vantage.common.config.HostPort;
import dev.vantage.agent.probe.CloseMode;
import dev.vantage.agent.probe.ConnectObserver;
import dev.vantage.agent.probe.ProbePriority;
import dev.vantage.agent.probe.TcpConnectProber;
import dev.vantage.agent.run.Job;
import dev.vantage.agent.run.JobResult;
import dev.vantage.agent.run.JobRunner;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.time.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench probe}: drives the agent's real job runner and prober (job in, result out) against
 * one target with a fixed number of probes in flight, and prints what it achieved and what it
 * cost. Each result submits the next job, so exactly {@code --concurrency} jobs are in flight.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Run TCP connect probes against one target as fast as the agent can, and print the figures.")
public final class BenchProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT|self",
            description = "What to probe; 'self' starts a loopback accept-and-close listener in this process.")
    String target;

    @Option(names = "--concurrency", defaultValue = "64", description = "Probes in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "10s", description = "How long to measure, e.g. 10s (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--probes", description = "Stop after this many probes instead of after --duration.")
    Long probes;

    @Option(names = "--warmup", defaultValue = "1s", description = "Probe this long before measuring, not counted (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--close", defaultValue = "rst", paramLabel = "rst|fin",
            description = "Close with a reset (no TIME_WAIT) or politely with FIN (default: ${DEFAULT-VALUE}).")
    String close;

    @Option(names = "--timeout", defaultValue = "5s", description = "Handshake timeout of each probe (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--io-threads", description = "Event loop threads of the prober (default: one per core, at most 4).")
    Integer ioThreads;

    @Option(names = "--probe-priority", defaultValue = "normal", paramLabel = "normal|realtime",
            description = "Scheduling of the probe threads, as the agent's option of that name (default: ${DEFAULT-VALUE}).")
    String probePriority;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Also write one CSV line per connect attempt (warm-up included) to FILE: local port, remote, "
                    + "start, connect time, status, reason; for joining with a packet capture.")
    Path record;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    public static void main(String[] args) {
        Options.useAgentLogging();
        System.exit(new CommandLine(new BenchProbeCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Duration measure = Options.positiveDuration(spec, "--duration", duration);
        Duration warm = Options.duration(spec, "--warmup", warmup);
        Duration probeTimeout = Options.positiveDuration(spec, "--timeout", timeout);
        CloseMode mode = Options.closeMode(spec, close);
        ProbePriority priority = Options.probePriority(spec, probePriority);
        Options.atLeast(spec, "--concurrency", concurrency, 1);
        if (probes != null && probes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probes: must be at least 1, got " + probes);
        }
        int threads = ioThreads == null ? TcpConnectProber.Options.defaultIoThreads() : Options.atLeast(spec, "--io-threads", ioThreads, 1);

        try (SelfListener self = target.equals("self") ? SelfListener.start() : null;
             ConnectRecord recorder = record == null ? null : new ConnectRecord(record)) {
            HostPort hp;
            if (self != null) {
                hp = new HostPort("127.0.0.1", self.port());
            } else {
                try {
                    hp = HostPort.parse(target);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--target: " + e.getMessage() + ", or 'self'");
                }
            }
            ConnectObserver observer = recorder == null ? ConnectObserver.NONE : recorder;
            Runnable onMeasure = recorder == null ? () -> { } : () -> recorder.measuring(Instant.now());
            Figures f = run(new ProbeTarget(hp.host(), hp.port(), probeTimeout), mode, priority, threads, measure, warm, observer, onMeasure);
            f.target = hp + (self != null ? " (self)" : "");
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? f.json() : f.text());
            if (recorder != null) {
                recorder.close();
                if (!json) {
                    out.printf("  recorded      %,d connect attempts to %s%n", recorder.lines(), record);
                }
            }
            out.flush();
            return f.counted == 0 ? 1 : 0;
        }
    }

    private Figures run(ProbeTarget probeTarget, CloseMode mode, ProbePriority priority, int threads, Duration measure, Duration warm,
                        ConnectObserver observer, Runnable onMeasure) throws Exception {
        Figures f = new Figures();
        f.concurrency = concurrency;
        f.closeMode = mode;
        f.ioThreads = threads;
        f.warmup = warm;
        Recorder connectTimes = new Recorder(3);
        Map<FailureReason, LongAdder> failures = new EnumMap<>(FailureReason.class);
        for (FailureReason r : FailureReason.values()) {
            failures.put(r, new LongAdder());
        }
        LongAdder ok = new LongAdder();
        AtomicLong counted = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        AtomicLong nextId = new AtomicLong();
        CountDownLatch enough = new CountDownLatch(1);
        CountDownLatch drained = new CountDownLatch(1);
        long limit = probes == null ? Long.MAX_VALUE : probes;
        // 0 = warming up, 1 = measuring, 2 = stopping
        int[] phase = {0};
        Object phaseLock = new Object();
        JobRunner[] runner = new JobRunner[1];
        f.fdsBefore = openFds();
        f.heapBefore = heapAfterGc();

        try (TcpConnectProber prober = new TcpConnectProber(TcpConnectProber.Options.defaults(concurrency)
                .withCloseMode(mode).withIoThreads(threads).withObserver(observer).withPriority(priority))) {
            f.transport = prober.transport();
            f.priority = prober.priority();
            runner[0] = new JobRunner(prober, concurrency, concurrency, (JobResult r) -> {
                int p;
                synchronized (phaseLock) {
                    p = phase[0];
                }
                if (p == 1) {
                    long n = counted.incrementAndGet();
                    if (n <= limit) {
                        if (r.outcome().connected()) {
                            ok.increment();
                            connectTimes.recordValue(r.outcome().connectNanos());
                        } else {
                            failures.get(r.outcome().reason()).increment();
                        }
                        if (n == limit) {
                            enough.countDown();
                        }
                    }
                }
                if (p != 2 && counted.get() < limit) {
                    runner[0].submit(new Job(nextId.incrementAndGet(), 0, probeTarget));
                } else if (outstanding.decrementAndGet() == 0) {
                    drained.countDown();
                }
            });
            outstanding.set(concurrency);
            for (int i = 0; i < concurrency; i++) {
                runner[0].submit(new Job(nextId.incrementAndGet(), 0, probeTarget));
            }
            if (!warm.isZero()) {
                enough.await(warm.toMillis(), TimeUnit.MILLISECONDS);
            }
            long cpu0 = processCpuNanos();
            long t0;
            synchronized (phaseLock) {
                connectTimes.reset();
                onMeasure.run();
                t0 = System.nanoTime();
                phase[0] = 1;
            }
            if (probes == null) {
                enough.await(measure.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                enough.await();
            }
            long t1;
            synchronized (phaseLock) {
                phase[0] = 2;
                t1 = System.nanoTime();
            }
            f.cpuNanos = processCpuNanos() - cpu0;
            f.elapsedNanos = t1 - t0;
            if (!drained.await(probeTimeout(probeTarget) + 10_000, TimeUnit.MILLISECONDS)) {
                spec.commandLine().getErr().println("warning: " + outstanding.get() + " probes still in flight at the end");
            }
            runner[0].close();
            f.histogram = connectTimes.getIntervalHistogram();
            f.ok = ok.sum();
            f.counted = Math.min(counted.get(), limit);
            failures.forEach((r, n) -> f.failures.put(r, n.sum()));
        }
        f.fdsAfter = openFds();
        f.heapAfter = heapAfterGc();
        return f;
    }

    private static long probeTimeout(ProbeTarget t) {
        return t.timeout().toMillis();
    }

    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The figures of one run and how to print them. */
    static final class Figures {
        String target;
        String transport;
        CloseMode closeMode;
        int concurrency;
        int ioThreads;
        String priority;
        Duration warmup;
        long elapsedNanos;
        long counted;
        long ok;
        final Map<FailureReason, Long> failures = new EnumMap<>(FailureReason.class);
        Histogram histogram;
        long cpuNanos;
        long fdsBefore;
        long fdsAfter;
        long heapBefore;
        long heapAfter;

        double seconds() {
            return elapsedNanos / 1e9;
        }

        double rate() {
            return counted / seconds();
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        private static String ms(long nanos) {
            return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
        }

        String text() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "bench probe: target %s, transport %s, close %s, concurrency %d, io threads %d%n",
                    target, transport, closeMode.label(), concurrency, ioThreads));
            b.append(String.format(Locale.ROOT, "  priority      %s%n", priority));
            b.append(String.format(Locale.ROOT, "  measured      %.2f s (after %s warm-up)%n", seconds(), Durations.format(warmup)));
            b.append(String.format(Locale.ROOT, "  probes/s      %,.0f%n", rate()));
            b.append(String.format(Locale.ROOT, "  probes        %,d%n", counted));
            b.append(String.format(Locale.ROOT, "  successes     %,d%n", ok));
            b.append(String.format(Locale.ROOT, "  failures      %,d", failed()));
            failures.forEach((r, n) -> {
                if (n > 0) {
                    b.append(String.format(Locale.ROOT, "  %s: %,d", r.label(), n));
                }
            });
            b.append(System.lineSeparator());
            if (histogram.getTotalCount() > 0) {
                b.append(String.format(Locale.ROOT, "  connect time  p50 %s  p99 %s  max %s%n",
                        ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue())));
            } else {
                b.append("  connect time  (no successful probe)").append(System.lineSeparator());
            }
            b.append(String.format(Locale.ROOT, "  cpu           %.2f s process CPU (%.2f cores, %.1f us per probe)%n",
                    cpuNanos / 1e9, cpuNanos / (double) elapsedNanos, counted == 0 ? 0 : cpuNanos / 1e3 / counted));
            b.append(String.format(Locale.ROOT, "  open fds      before %d, after %d%n", fdsBefore, fdsAfter));
            b.append(String.format(Locale.ROOT, "  heap after GC before %s, after %s", mib(heapBefore), mib(heapAfter)));
            return b.toString();
        }

        String json() {
            StringBuilder fails = new StringBuilder("{");
            failures.forEach((r, n) -> {
                if (n > 0) {
                    fails.append(fails.length() > 1 ? "," : "").append('"').append(r.name().toLowerCase(Locale.ROOT)).append("\":").append(n);
                }
            });
            fails.append('}');
            boolean any = histogram.getTotalCount() > 0;
            return String.format(Locale.ROOT, "{\"target\":\"%s\",\"transport\":\"%s\",\"close\":\"%s\",\"concurrency\":%d,\"io_threads\":%d,"
                            + "\"priority\":\"%s\","
                            + "\"seconds\":%.3f,\"probes_per_second\":%.1f,\"probes\":%d,\"successes\":%d,\"failures\":%d,\"failures_by_reason\":%s,"
                            + "\"connect_p50_ms\":%s,\"connect_p99_ms\":%s,\"connect_max_ms\":%s,\"cpu_seconds\":%.3f,"
                            + "\"fds_before\":%d,\"fds_after\":%d,\"heap_before_bytes\":%d,\"heap_after_bytes\":%d}",
                    target, transport, closeMode.label(), concurrency, ioThreads, priority.replace("\\", "\\\\").replace("\"", "\\\""),
                    seconds(), rate(), counted, ok, failed(), fails,
                    any ? String.format(Locale.ROOT, "%.4f", histogram.getValueAtPercentile(50) / 1e6) : "null",
                    any ? String.format(Locale.ROOT, "%.4f", histogram.getValueAtPercentile(99) / 1e6) : "null",
                    any ? String.format(Locale.ROOT, "%.4f", histogram.getMaxValue() / 1e6) : "null",
                    cpuNanos / 1e9, fdsBefore, fdsAfter, heapBefore, heapAfter);
        }
    }

    /** A loopback accept-and-close listener on its own thread, the target of {@code --target self}. */
    static final class SelfListener implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread thread;

        private SelfListener(ServerSocketChannel server) {
            this.server = server;
            this.thread = new Thread(this::loop, "bench-self-listener");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        static SelfListener start() throws IOException {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4096);
            return new SelfListener(s);
        }

        int port() {
            return server.socket().getLocalPort();
        }

        private void loop() {
            while (server.isOpen()) {
                try (SocketChannel ignored = server.accept()) {
                    // accept and close
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    // the peer reset before we got to it: keep accepting
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
