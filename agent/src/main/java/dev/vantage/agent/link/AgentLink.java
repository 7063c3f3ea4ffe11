package dev.vantage.agent.link;

import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import dev.vantage.agent.config.LocalHost;
import dev.vantage.agent.probe.TargetGate;
import dev.vantage.agent.run.JobResult;
import dev.vantage.agent.run.JobRunner;
import dev.vantage.common.VantageVersion;
import dev.vantage.common.config.HostPort;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.time.Backoff;
import dev.vantage.common.time.Durations;
import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.Heartbeat;
import dev.vantage.proto.v1.Hello;
import dev.vantage.proto.v1.ProbeJob;
import dev.vantage.proto.v1.ResultBatch;
import dev.vantage.proto.v1.Welcome;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import javax.net.ssl.SSLException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one stream to the coordinator ({@code AgentService.Connect}): says Hello, takes
 * jobs and cancels down, sends results and heartbeats up, and comes back after the stream ends
 * (coordinator not up yet, restarted, or rejecting us) with exponential backoff and jitter. Given several
 * coordinator addresses (an active one and its standbys), each new stream goes to the next address in turn
 * and the agent stays with the one that welcomes it: a standby ends the stream at once with UNAVAILABLE, so
 * after a failover the agent finds the new active coordinator within one turn of the addresses.
 *
 * <p>Threads: everything about the stream runs on one thread of its own ("vantage-link"),
 * including gRPC's callbacks, so no stream method is ever called concurrently. Results arrive
 * from the probe threads through {@link #offer}, wait in a {@link ResultBuffer} and go up in batches
 * of up to {@value #BATCH} at least every {@value #FLUSH_MILLIS} ms, and only while gRPC says the
 * stream is ready (outbound flow control).
 *
 * <p>Nothing is lost to a broken stream: a result stays in the buffer until the coordinator
 * acknowledges it as stored (ResultAck, sent after the store transaction commits), and each new
 * stream sends again whatever was not acknowledged. Each result carries its job's identity
 * (monitor, due time, kind), so a restarted coordinator or a standby can store it without knowing
 * the job. When a stream ends, jobs of it that have not started are cancelled.
 *
 * <p>This class never opens a socket to a probe target; the prober never sees gRPC.
 */
public final class AgentLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentLink.class);
    static final int BATCH = 256;
    static final long FLUSH_MILLIS = 20;

    private final AgentConfig config;
    private final TargetGate gate;
    private final List<String> sourceAddresses;
    private final ScheduledThreadPoolExecutor exec;
    private final EventLoopGroup grpcLoop;
    /** One channel per coordinator address, in the order given. */
    private final List<ManagedChannel> channels;
    /** The address the current or next stream uses (link thread only). */
    private int address;
    private final Backoff backoff;
    /** Failed connects since the last Welcome. */
    private final AtomicInteger connectFailures = new AtomicInteger();
    /** Jobs given to the runner, by id: what their results echo back. */
    private final ConcurrentHashMap<Long, ProbeJob> jobs = new ConcurrentHashMap<>();
    private final ResultBuffer buffer;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong welcomes = new AtomicLong();
    private final Object connectedLock = new Object();
    private JobRunner runner;
    private volatile Session current;
    private volatile boolean connected;
    private volatile boolean closed;
    private long sessions;
    /** The refusal or TLS failure last logged (link thread only), so that retries failing the same way stay quiet. */
    private String lastRefusal;

    /** One stream: from Connect to its end. */
    private static final class Session {
        final long number;
        ClientCallStreamObserver<AgentMessage> requests;
        ScheduledFuture<?> heartbeat;
        boolean welcomed;

        Session(long number) {
            this.number = number;
        }
    }

    /** @param gate takes the coordinator's probe-target policy from each Welcome */
    public AgentLink(AgentConfig config, TargetGate gate) {
        this.config = config;
        this.gate = gate;
        // First: a spill directory that cannot be used fails the start before any thread exists.
        this.buffer = new ResultBuffer(config.buffering(), config.agentId());
        this.sourceAddresses = config.effectiveSourceAddresses();
        this.exec = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("vantage-link", true));
        this.exec.setRemoveOnCancelPolicy(true);
        this.grpcLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vantage-link-io", true), NioIoHandler.newFactory());
        Optional<SslContext> ssl = config.tls().map(AgentLink::clientContext);
        this.channels = config.coordinators().stream().map(c -> channel(c, ssl)).toList();
        // Each wait drawn from [d/2, d]: the fleet does not come back in step after a coordinator restart.
        this.backoff = Backoff.of(config.reconnectInitialBackoff(), config.reconnectMaxBackoff(), 0.5);
    }

    private ManagedChannel channel(HostPort coordinator, Optional<SslContext> ssl) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(coordinator.host(), coordinator.port());
        if (ssl.isPresent()) {
            builder.sslContext(ssl.get());
        } else {
            builder.usePlaintext();
        }
        return builder
                // The coordinator permits pings every 10 s; these find a coordinator that vanished
                // without closing the connection (power loss, partition) within ~40 s.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .eventLoopGroup(grpcLoop)
                .channelType(NioSocketChannel.class)
                .executor(exec)
                .build();
    }

    /** The coordinator address of the current or next stream (link thread only). */
    private HostPort coordinator() {
        return config.coordinators().get(address);
    }

    /**
     * TLS with our client certificate, verifying the coordinator against {@code --tls-ca}; the
     * coordinator's certificate must also name the host we dial (hostname verification stays on).
     */
    private static SslContext clientContext(AgentTls tls) {
        try {
            return GrpcSslContexts.forClient()
                    .trustManager(tls.ca().toFile())
                    .keyManager(tls.cert().toFile(), tls.key().toFile())
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-cert, --tls-key, --tls-ca: cannot use " + tls.cert() + ", " + tls.key() + " and "
                    + tls.ca() + ": " + e.getMessage() + "; they must be PEM files (see vantage certs init)", e);
        }
    }

    /** Starts connecting; jobs that come down go to {@code runner}, whose results must come back through {@link #offer}. */
    public void start(JobRunner jobRunner) {
        this.runner = jobRunner;
        exec.execute(this::connect);
    }

    /** The source addresses told to the coordinator. */
    public List<String> sourceAddresses() {
        return sourceAddresses;
    }

    /** Whether the coordinator has welcomed us on the current stream. */
    public boolean isConnected() {
        return connected;
    }

    /** How many times a coordinator has welcomed this agent (1 after the first connect, 2 after a reconnect, ...). */
    public long welcomes() {
        return welcomes.get();
    }

    /** Waits until the coordinator has welcomed us. @return false on timeout */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connectedLock) {
            while (!connected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(connectedLock, left);
            }
            return true;
        }
    }

    private void setConnected(boolean value) {
        synchronized (connectedLock) {
            connected = value;
            connectedLock.notifyAll();
        }
    }

    /** Results held for the coordinator: not sent yet, or sent and not yet acknowledged as stored. */
    public int waiting() {
        return buffer.waiting();
    }

    /** Results dropped because the buffer was full (--result-buffer). */
    public long dropped() {
        return buffer.dropped();
    }

    /** A result from the runner; called on probe threads. Kept until the coordinator acknowledges it. */
    public void offer(JobResult result) {
        ProbeJob job = jobs.remove(result.jobId());
        if (job == null) {
            return;
        }
        buffer.add(Wire.result(result, job));
        Session s = current;
        if (s == null || !s.welcomed) {
            return; // goes up when the next stream is welcomed
        }
        if (buffer.waiting() % BATCH == 0) {
            try {
                exec.execute(() -> flush(s));
            } catch (RejectedExecutionException e) {
                // closing
            }
        } else if (flushScheduled.compareAndSet(false, true)) {
            try {
                exec.schedule(() -> flush(s), FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    // ---- everything below runs on the link thread ----

    private void connect() {
        if (closed) {
            return;
        }
        ManagedChannel channel = channels.get(address);
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            // Else the call fails at once with the previous attempt's error (a standby's or a stopped coordinator's
            // refusal) and the new connection is tried only behind it: after a handover the agent would reach the
            // new active coordinator a turn of the addresses late.
            channel.enterIdle();
        }
        // gRPC keeps its own, much longer, backoff for the connection; ours decides when to try.
        channel.resetConnectBackoff();
        Session s = new Session(++sessions);
        current = s;
        log.debug("connecting to coordinator {} (attempt {})", coordinator(), s.number);
        // No deadline on purpose: this stream lives as long as the agent. A dead coordinator or path is
        // found by the channel's keepalive pings (no ack within 30 s + 10 s ends the call), and an ended
        // stream is reopened with backoff.
        AgentServiceGrpc.newStub(channel).connect(new ClientResponseObserver<AgentMessage, CoordinatorMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<AgentMessage> requests) {
                s.requests = requests;
                requests.setOnReadyHandler(() -> flush(s));
            }

            @Override
            public void onNext(CoordinatorMessage message) {
                handle(s, message);
            }

            @Override
            public void onError(Throwable t) {
                ended(s, Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended(s, Status.OK.withDescription("coordinator ended the stream"));
            }
        });
        s.requests.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder()
                .setAgentId(config.agentId())
                .setLocation(config.location())
                .setVersion(VantageVersion.current())
                .addAllSourceAddresses(sourceAddresses)
                .setMaxInFlight(config.maxInFlight())
                .setHostname(LocalHost.hostname()))
                .build());
    }

    private void handle(Session s, CoordinatorMessage message) {
        if (s != current) {
            return;
        }
        switch (message.getBodyCase()) {
            case WELCOME -> welcomed(s, message.getWelcome());
            case JOBS -> {
                boolean answered = false;
                for (ProbeJob j : message.getJobs().getJobsList()) {
                    if (buffer.answerAgain(j.getJobId(), j.getMonitorId(), j.getDueAtUnixMs(), j.getKind())) {
                        answered = true;
                        continue;
                    }
                    jobs.put(j.getJobId(), j);
                    runner.submit(Wire.job(j));
                }
                if (answered && s.welcomed) {
                    flush(s);
                }
            }
            case CANCEL -> {
                for (Long id : runner.cancel(message.getCancel().getJobIdsList())) {
                    jobs.remove(id);
                }
            }
            case ACKS -> buffer.acknowledged(message.getAcks().getSequencesList());
            default -> log.warn("ignoring a message the agent does not know ({}); is the coordinator newer?", message.getBodyCase());
        }
    }

    private void welcomed(Session s, Welcome welcome) {
        if (s.welcomed) {
            return;
        }
        s.welcomed = true;
        connectFailures.set(0);
        lastRefusal = null;
        Duration every = welcome.getHeartbeatIntervalMs() > 0
                ? Duration.ofMillis(welcome.getHeartbeatIntervalMs())
                : config.defaultHeartbeatInterval();
        s.heartbeat = exec.scheduleAtFixedRate(() -> heartbeat(s), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        targetPolicy(welcome);
        welcomes.incrementAndGet();
        setConnected(true);
        buffer.resendAll();
        log.info("agent {} (location {}) connected to coordinator {} version {} epoch {}; heartbeat every {}; results_waiting={} (sent again now)",
                config.agentId(), config.location(), coordinator(), welcome.getCoordinatorVersion(), welcome.getEpoch(),
                Durations.format(every), buffer.waiting());
        flush(s);
    }

    /**
     * Hands the Welcome's target policy to the gate. A rule this agent cannot read (a newer
     * coordinator's syntax) keeps the built-in list in force, failing closed, and the log says which.
     */
    private void targetPolicy(Welcome welcome) {
        try {
            gate.coordinatorSent(Wire.targets(welcome));
        } catch (IllegalArgumentException e) {
            gate.coordinatorSent(TargetPolicy.defaults());
            log.warn("agent={} coordinator={} target policy not understood, keeping the built-in deny list: {}",
                    config.agentId(), coordinator(), e.getMessage());
        }
    }

    private void heartbeat(Session s) {
        if (s != current) {
            return;
        }
        s.requests.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setInFlight(runner.inFlight())
                .setResultsWaiting(buffer.waiting())).build());
    }

    private void flush(Session s) {
        flushScheduled.set(false);
        if (s != current || s.requests == null || !s.welcomed) {
            return;
        }
        while (s.requests.isReady()) {
            List<AgentResult> batch = buffer.nextToSend(BATCH);
            if (batch.isEmpty()) {
                return;
            }
            s.requests.onNext(AgentMessage.newBuilder().setResults(ResultBatch.newBuilder().addAllResults(batch)).build());
        }
        // not ready: the on-ready handler flushes the rest
    }

    private void ended(Session s, Status status) {
        if (s != current) {
            return;
        }
        current = null;
        if (s.heartbeat != null) {
            s.heartbeat.cancel(false);
        }
        boolean wasConnected = s.welcomed;
        setConnected(false);
        for (Long id : runner.cancelAll()) {
            jobs.remove(id);
        }
        if (closed) {
            return;
        }
        // The backoff grows once per turn of the addresses, so that a standby's refusal does not delay the next one.
        int failures = connectFailures.incrementAndGet();
        Duration wait = backoff.after(1 + (failures - 1) / channels.size());
        HostPort tried = coordinator();
        address = (address + 1) % channels.size();
        String why = status.getDescription() == null ? "" : status.getDescription();
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            why = why + " (" + status.getCause().getMessage() + ")";
        }
        String retry = "; reconnecting in " + wait.toMillis() + " ms; results_waiting=" + buffer.waiting();
        String tlsProblem = tlsProblem(status);
        boolean rejected = status.getCode() == Status.Code.FAILED_PRECONDITION || status.getCode() == Status.Code.PERMISSION_DENIED
                || status.getCode() == Status.Code.UNAUTHENTICATED;
        if (status.getCode() == Status.Code.UNAUTHENTICATED) {
            // Refused for our certificate on a connection that stays open: handshake again next time, so
            // that a coordinator which has since reloaded its CA sees the certificate anew.
            channels.get(Math.floorMod(address - 1, channels.size())).enterIdle();
        }
        if (tlsProblem != null || rejected) {
            // One line per cause, not per retry: a refused certificate or setting stays refused until someone changes it.
            String problem = tlsProblem != null ? "TLS failed: " + tlsProblem : "rejected: " + status.getDescription();
            if (!problem.equals(lastRefusal)) {
                log.error("coordinator {} {} (agent {}, location {}){}; retrying quietly", tried, problem,
                        config.agentId(), config.location(), retry);
            }
            lastRefusal = problem;
        } else if (wasConnected) {
            log.warn("stream to coordinator {} ended: {} {}{}", tried, status.getCode(), why, retry);
        } else if (channels.size() > 1) {
            // Several addresses: all but one are standbys, refusing every turn; one line at debug level each.
            log.debug("coordinator {} not active or not reachable: {} {}{}", tried, status.getCode(), why, retry);
        } else {
            log.info("coordinator {} not reachable: {} {}{}", tried, status.getCode(), why, retry);
        }
        exec.schedule(this::connect, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** What a person should check when the stream failed in the TLS handshake; null when it did not. */
    static String tlsProblem(Status status) {
        for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                String m = String.valueOf(t.getMessage());
                if (m.contains("not an SSL/TLS record") || m.contains("Unsupported or unrecognized SSL message")) {
                    return "the coordinator does not speak TLS (" + m + "); leave out --tls-* or turn TLS on at the coordinator";
                }
                if (m.contains("fatal alert")) {
                    return "coordinator refused our certificate (" + m + "): check that --tls-cert was issued by the coordinator's "
                            + "tls.ca, is valid now and is not revoked";
                }
                return "certificate verify failed (" + m + "): check --tls-ca (the CA of the coordinator's certificate) and that "
                        + "the certificate names the host in --coordinator";
            }
        }
        return null;
    }

    /** Ends the stream (half-closing it after a last flush), the channel and the link's threads; waits up to ~5 s. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            exec.submit(() -> {
                Session s = current;
                if (s != null && s.requests != null) {
                    flush(s);
                    s.requests.onCompleted();
                }
            }).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing the stream: {}", e.toString());
        }
        for (ManagedChannel channel : channels) {
            channel.shutdown();
        }
        try {
            for (ManagedChannel channel : channels) {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exec.shutdownNow();
        grpcLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        try {
            exec.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        buffer.close();
        setConnected(false);
    }
}
