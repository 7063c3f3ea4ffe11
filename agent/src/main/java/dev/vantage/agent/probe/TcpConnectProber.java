package dev.vantage.agent.probe;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.net.Refusal;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP connect probes on Netty: a non-blocking three-way handshake to the target, closed as soon
 * as it completes.
 *
 * <p>One event loop group serves every probe (native epoll where available, NIO elsewhere). At
 * most {@code maxInFlight} probes run at once; a probe beyond that completes at once with
 * {@link FailureReason#OTHER} rather than waiting in a queue, so callers bound themselves (see
 * {@code JobRunner}). Host names are resolved with the JDK resolver on a few threads of their
 * own; IP literals skip resolution. Every address is checked against the {@link TargetGate} before a
 * socket is opened; a refused one ends the probe with {@link FailureReason#ADDRESS_NOT_ALLOWED}.
 *
 * <p>Connect time is the kernel's SYN → SYN-ACK round trip when the SYN went out once (see
 * {@link KernelHandshakeTime}); otherwise it is measured on the event loop: {@link System#nanoTime()}
 * right before the channel's connect (which goes straight to the {@code connect(2)} call, the
 * channel having no handlers) and first thing in the connect listener, which Netty calls as soon as
 * the socket reports writable; everything else about the end of a probe runs after, in a task. The
 * loop's time spans first SYN sent to SYN-ACK handled, plus the time the event loop takes to wake
 * up. Against packet captures see {@code deploy/bench/connect-accuracy.sh}.
 */
public final class TcpConnectProber implements Prober {
    private static final Logger log = LoggerFactory.getLogger(TcpConnectProber.class);
    private static final int RESOLVER_THREADS = 4;

    /** How a prober is set up. */
    public record Options(CloseMode closeMode, int maxInFlight, int ioThreads, boolean preferNative, Clock clock,
                          ConnectObserver observer, ProbePriority priority, TargetGate gate) {
        public Options {
            Objects.requireNonNull(observer, "observer");
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(gate, "gate");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight: must be at least 1, got " + maxInFlight);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads: must be at least 1, got " + ioThreads);
            }
        }

        /**
         * RST close, the given bound, one I/O thread per core (at most 4), native transport when available, normal priority,
         * the built-in target deny list.
         */
        public static Options defaults(int maxInFlight) {
            return new Options(CloseMode.RST, maxInFlight, defaultIoThreads(), true, Clock.systemUTC(), ConnectObserver.NONE,
                    ProbePriority.NORMAL, new TargetGate(List.of()));
        }

        public Options withCloseMode(CloseMode mode) {
            return new Options(mode, maxInFlight, ioThreads, preferNative, clock, observer, priority, gate);
        }

        public Options withIoThreads(int n) {
            return new Options(closeMode, maxInFlight, n, preferNative, clock, observer, priority, gate);
        }

        public Options withPreferNative(boolean yes) {
            return new Options(closeMode, maxInFlight, ioThreads, yes, clock, observer, priority, gate);
        }

        /** Shows every connect attempt to {@code o} (see {@link ConnectObserver}); {@link ConnectObserver#NONE} costs nothing. */
        public Options withObserver(ConnectObserver o) {
            return new Options(closeMode, maxInFlight, ioThreads, preferNative, clock, o, priority, gate);
        }

        public Options withPriority(ProbePriority p) {
            return new Options(closeMode, maxInFlight, ioThreads, preferNative, clock, observer, p, gate);
        }

        /** Addresses the prober refuses to connect to (see {@link TargetGate}). */
        public Options withGate(TargetGate g) {
            return new Options(closeMode, maxInFlight, ioThreads, preferNative, clock, observer, priority, g);
        }

        public static int defaultIoThreads() {
            return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        }
    }

    private final Options options;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final EventLoop[] loops;
    private final Supplier<Channel> newChannel;
    private final ThreadPoolExecutor resolver;
    private final HostResolver names;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger nextLoop = new AtomicInteger();
    /** Why a probe thread could not get the real-time priority asked for; null when it did or none was asked. */
    private final AtomicReference<String> priorityRefused = new AtomicReference<>();
    private volatile boolean closed;

    public TcpConnectProber(Options options) {
        this(options, HostResolver.SYSTEM);
    }

    /** @param names how host names become addresses (IP literals are used as they are) */
    public TcpConnectProber(Options options, HostResolver names) {
        this.options = options;
        this.names = names;
        this.epoll = options.preferNative() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.newChannel = epoll ? EpollSocketChannel::new : NioSocketChannel::new;
        this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(), new ProbeThreadFactory(), io);
        List<EventLoop> all = new ArrayList<>();
        group.forEach(e -> all.add((EventLoop) e));
        this.loops = all.toArray(EventLoop[]::new);
        if (options.priority() == ProbePriority.REALTIME) {
            // start the threads now, so that a refusal shows at start-up and not with the first job
            for (EventLoop l : loops) {
                l.submit(() -> { }).syncUninterruptibly();
            }
            if (priorityRefused.get() != null) {
                log.warn("probe threads stay at normal priority, real-time refused: {}", priorityRefused.get());
            }
        }
        this.resolver = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.maxInFlight()), new DefaultThreadFactory("vantage-resolver", true));
        this.resolver.allowCoreThreadTimeOut(true);
        if (!epoll && options.preferNative()) {
            log.info("native epoll transport not available ({}), probing with NIO", Epoll.unavailabilityCause().toString());
        }
    }

    public static TcpConnectProber create(CloseMode closeMode, int maxInFlight) {
        return new TcpConnectProber(Options.defaults(maxInFlight).withCloseMode(closeMode));
    }

    @Override
    public String name() {
        return "tcp/" + transport();
    }

    /** How the probe threads are scheduled: {@code normal}, {@code realtime (SCHED_FIFO 10)}, or why not realtime. */
    public String priority() {
        if (options.priority() == ProbePriority.NORMAL) {
            return "normal";
        }
        String refused = priorityRefused.get();
        return refused == null ? "realtime (SCHED_FIFO " + ProbePriority.REALTIME_LEVEL + ")" : "normal (realtime refused: " + refused + ")";
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    public CloseMode closeMode() {
        return options.closeMode();
    }

    public int maxInFlight() {
        return options.maxInFlight();
    }

    /** Probes started and not yet completed. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public CompletableFuture<ProbeOutcome> probe(ProbeTarget target) {
        Instant startedAt = options.clock().instant();
        if (closed) {
            return CompletableFuture.completedFuture(ProbeOutcome.failed(FailureReason.OTHER, "", startedAt, "prober closed"));
        }
        if (!acquire()) {
            return CompletableFuture.completedFuture(ProbeOutcome.failed(FailureReason.OTHER, "", startedAt,
                    "agent overloaded: " + options.maxInFlight() + " probes already in flight"));
        }
        Attempt attempt = new Attempt(target, startedAt);
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(stripBrackets(target.host()));
        if (literal != null) {
            attempt.connect(literal);
            return attempt.result;
        }
        try {
            resolver.execute(attempt);
        } catch (RejectedExecutionException e) {
            attempt.fail(FailureReason.OTHER, "", closed ? "prober closed" : "agent overloaded: resolver queue full");
        }
        return attempt.result;
    }

    private boolean acquire() {
        int max = options.maxInFlight();
        while (true) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** The current event loop when called from one (keeps a chain of probes on one thread), else the next in turn. */
    private EventLoop pickLoop() {
        for (EventLoop l : loops) {
            if (l.inEventLoop()) {
                return l;
            }
        }
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    private static String stripBrackets(String host) {
        return host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1)
                : host;
    }

    static String addressText(InetAddress address, int port) {
        String ip = NetUtil.toAddressString(address);
        return address instanceof Inet6Address ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    /**
     * One probe: resolve (maybe), connect, time, close, report. One object per probe; as a task it
     * resolves (on a resolver thread) while it has no channel, and connects (on its event loop) once
     * it has one.
     */
    private final class Attempt implements Runnable, ChannelFutureListener {
        final CompletableFuture<ProbeOutcome> result = new CompletableFuture<>();
        final ProbeTarget target;
        final Instant startedAt;
        final long timeoutMillis;
        EventLoop loop;
        Channel channel;
        InetSocketAddress remote;
        String address = "";
        long synNanos;
        /** The handshake's time, when it completed, and which clock took it. */
        long connectNanos;
        HandshakeClock clock = HandshakeClock.LOOP;
        ChannelFuture ended;

        Attempt(ProbeTarget target, Instant startedAt) {
            this.target = target;
            this.startedAt = startedAt;
            this.timeoutMillis = Math.max(1, target.timeout().toMillis());
        }

        @Override
        public void run() {
            if (channel == null) {
                resolveAndConnect();
            } else if (ended == null) {
                connectOnLoop();
            } else {
                finish();
            }
        }

        private void resolveAndConnect() {
            String host = target.host();
            InetAddress ip;
            try {
                ip = names.resolve(host);
            } catch (UnknownHostException e) {
                fail(FailureReason.NAME_NOT_RESOLVED, "", "cannot resolve host name '" + host + "'");
                return;
            } catch (RuntimeException e) {
                fail(FailureReason.OTHER, "", "resolving '" + host + "' failed: " + e);
                return;
            }
            connect(ip);
        }

        /** Checks the target policy, opens the socket on the calling thread, then hands the connect to an event loop. */
        void connect(InetAddress ip) {
            Optional<Refusal> refused = options.gate().check(ip, target.port());
            if (refused.isPresent()) {
                fail(FailureReason.ADDRESS_NOT_ALLOWED, addressText(ip, target.port()),
                        refused.get().explain(NetUtil.toAddressString(ip), target.port()));
                return;
            }
            Channel ch;
            try {
                remote = new InetSocketAddress(ip, target.port());
                address = addressText(ip, target.port());
                ch = newChannel.get();
                SocketChannelConfig config = (SocketChannelConfig) ch.config();
                config.setAutoRead(false);
                config.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
                if (options.closeMode() == CloseMode.RST) {
                    config.setSoLinger(0);
                }
            } catch (RuntimeException e) {
                // e.g. a port out of range, or no file descriptors left ("Too many open files")
                fail(FailureReason.OTHER, address, "cannot open a socket: " + e.getMessage());
                return;
            }
            channel = ch;
            loop = pickLoop();
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                ch.unsafe().closeForcibly();
                fail(FailureReason.OTHER, address, "prober closed");
            }
        }

        /** On the event loop: register (done inline there), then connect. */
        private void connectOnLoop() {
            ChannelFuture registered = loop.register(channel);
            if (!registered.isSuccess()) {
                channel.unsafe().closeForcibly();
                fail(FailureReason.OTHER, address, "cannot register socket: " + registered.cause());
                return;
            }
            synNanos = System.nanoTime();
            channel.connect(remote).addListener(this);
        }

        /**
         * On the event loop, as soon as the handshake completed or failed: takes the time (and
         * the kernel's, while the socket is surely open) and nothing else. Closing the socket and
         * delivering the result (which, in a busy agent, starts the next probe) wait in a task, so
         * that every handshake the same epoll wake-up reported is timed before any of that work runs.
         */
        @Override
        public void operationComplete(ChannelFuture f) {
            long loopNanos = Math.max(1, System.nanoTime() - synNanos);
            long kernelNanos = f.isSuccess() ? KernelHandshakeTime.nanos(channel, loopNanos) : -1;
            if (kernelNanos > 0) {
                connectNanos = kernelNanos;
                clock = HandshakeClock.KERNEL;
            } else {
                connectNanos = loopNanos;
            }
            ended = f;
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                finish();
            }
        }

        /** On the event loop, right after {@link #operationComplete}: close and report. */
        private void finish() {
            ConnectObserver observer = options.observer();
            int localPort = observer == ConnectObserver.NONE ? 0 : localPort(channel);
            channel.close();
            ProbeOutcome outcome;
            if (ended.isSuccess() || ConnectFailures.handshakeCompleted(ended.cause())) {
                outcome = ProbeOutcome.connected(connectNanos, address, startedAt);
            } else {
                Throwable cause = ended.cause();
                FailureReason reason = ConnectFailures.reason(cause);
                outcome = ProbeOutcome.failed(reason, address, startedAt, ConnectFailures.message(reason, cause, timeoutMillis));
            }
            if (observer != ConnectObserver.NONE) {
                observe(observer, localPort, outcome, clock);
            }
            complete(outcome);
        }

        private static int localPort(Channel ch) {
            return ch.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
        }

        private static void observe(ConnectObserver observer, int localPort, ProbeOutcome outcome, HandshakeClock clock) {
            try {
                observer.attempted(localPort, outcome, clock);
            } catch (RuntimeException e) {
                log.warn("connect observer failed", e);
            }
        }

        void fail(FailureReason reason, String addr, String message) {
            complete(ProbeOutcome.failed(reason, addr, startedAt, message));
        }

        private void complete(ProbeOutcome outcome) {
            if (!result.isDone()) {
                inFlight.decrementAndGet();
                result.complete(outcome);
            }
        }
    }

    /** Names the probe threads and, when asked, makes each one real-time as it starts. */
    private final class ProbeThreadFactory extends DefaultThreadFactory {
        ProbeThreadFactory() {
            super("vantage-probe", true);
        }

        @Override
        protected Thread newThread(Runnable r, String name) {
            if (options.priority() == ProbePriority.NORMAL) {
                return super.newThread(r, name);
            }
            return super.newThread(() -> {
                RealtimeScheduling.fifo(ProbePriority.REALTIME_LEVEL).ifPresent(why -> priorityRefused.compareAndSet(null, why));
                r.run();
            }, name);
        }
    }

    /** Stops the event loops (closing any socket still connecting) and the resolver threads; waits up to 5 s. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable queued : resolver.shutdownNow()) {
            ((Attempt) queued).fail(FailureReason.OTHER, "", "prober closed");
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        try {
            resolver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
