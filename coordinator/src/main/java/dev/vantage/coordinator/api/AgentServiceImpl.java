package dev.vantage.coordinator.api;

import dev.vantage.common.VantageVersion;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.StatusCode;
import dev.vantage.common.text.Display;
import dev.vantage.common.input.ValidationException;
import dev.vantage.common.net.AddressRule;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.wire.WireEnums;
import dev.vantage.coordinator.dispatch.AgentInfo;
import dev.vantage.coordinator.dispatch.AgentOutcome;
import dev.vantage.coordinator.dispatch.AgentSession;
import dev.vantage.coordinator.dispatch.Dispatcher;
import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.Hello;
import dev.vantage.proto.v1.Welcome;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.tls.AgentIdentity;
import dev.vantage.coordinator.tls.Refusals;
import io.grpc.Status;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agents' side of the gRPC API: one stream per agent, translated to dispatcher calls. */
public final class AgentServiceImpl extends AgentServiceGrpc.AgentServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(AgentServiceImpl.class);
    private static final int DEFAULT_MAX_IN_FLIGHT = 1000;
    /** An agent's result text is stored and shown: cut to these lengths and escaped on the way in. */
    static final int MAX_RESULT_MESSAGE = 1024;
    static final int MAX_RESULT_ADDRESS = 64;

    private final long epoch;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final TargetPolicy targets;
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    private final Store store;
    private final Supplier<CompletableFuture<Void>> whenStored;
    private final Refusals refusals = new Refusals();

    /** @param identity the agent's certificate; empty without TLS */
    private record Link(AgentSession session, StreamJobSender sender, Optional<AgentIdentity> identity) {
    }

    /**
     * @param store   keeps which certificate subject each agent id is bound to
     * @param targets the probe-target policy sent to every agent in its Welcome
     * @param whenStored completes once every result queued before the call is committed to the store
     *                   (the result writer's flush marker); results are acknowledged to agents then
     */
    /** @param epoch the coordinator's fencing epoch, told to agents in the Welcome */
    public AgentServiceImpl(long epoch, Dispatcher dispatcher, Store store, Clock clock, Duration heartbeatInterval, TargetPolicy targets,
                            Supplier<CompletableFuture<Void>> whenStored) {
        this.epoch = epoch;
        this.dispatcher = dispatcher;
        this.store = store;
        this.whenStored = whenStored;
        this.clock = clock;
        this.heartbeatInterval = heartbeatInterval;
        this.targets = targets;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<CoordinatorMessage> responseObserver) {
        ServerCallStreamObserver<CoordinatorMessage> out = (ServerCallStreamObserver<CoordinatorMessage>) responseObserver;
        StreamJobSender sender = new StreamJobSender(out, dispatcher);
        out.setOnReadyHandler(sender::drain);
        String peer = PeerAddress.current();
        Optional<AgentIdentity> identity = AgentIdentity.current();
        return new StreamObserver<>() {
            private AgentSession session;
            /** Refused or disconnected by us: what is still on its way from the agent is dropped unread. */
            private boolean ended;

            @Override
            public void onNext(AgentMessage msg) {
                if (ended) {
                    return;
                }
                if (session == null) {
                    if (msg == ReadableFrames.UNREADABLE) {
                        log.warn("refused a stream whose first message was unreadable peer={}", peer);
                        sender.refuse("protocol violation: the first message is not a readable AgentMessage");
                        ended = true;
                        return;
                    }
                    if (!msg.hasHello()) {
                        sender.reject("the first message on the stream must be Hello");
                    } else {
                        session = accept(msg.getHello(), peer, identity, sender);
                    }
                    ended = session == null;
                    return;
                }
                if (msg == ReadableFrames.UNREADABLE) {
                    misbehaved("a message that is not a readable AgentMessage", 1);
                    return;
                }
                switch (msg.getBodyCase()) {
                    case RESULTS -> results(msg.getResults().getResultsList());
                    case HEARTBEAT -> session.heartbeat(clock.millis(), msg.getHeartbeat().getResultsWaiting());
                    case HELLO -> misbehaved("a second Hello on the same stream", 1);
                    // A newer agent's new kind of message reads as no body here; agents learn the
                    // coordinator's version from Welcome and must not send what it does not know.
                    default -> misbehaved("a message with no body this coordinator knows", 1);
                }
            }

            /**
             * Hands the results on (each is queued for the store before this returns) and acknowledges
             * them once everything queued so far is committed. A store that cannot check a resend ends the
             * stream: the agent keeps what was not acknowledged and sends it again after reconnecting.
             */
            private void results(List<AgentResult> results) {
                int unaccounted;
                try {
                    unaccounted = dispatcher.complete(session, outcomes(results));
                } catch (RuntimeException e) {
                    ended = true;
                    sender.disconnect("results cannot be checked now (store failing); send them again later");
                    gone(session, "store failing while checking resent results");
                    return;
                }
                if (unaccounted > 0) {
                    misbehaved("results for jobs it was never given", unaccounted);
                    return;
                }
                List<Long> sequences = new ArrayList<>(results.size());
                for (AgentResult r : results) {
                    if (r.getSequence() != 0) {
                        sequences.add(r.getSequence());
                    }
                }
                if (!sequences.isEmpty()) {
                    whenStored.get().thenRun(() -> sender.acknowledge(sequences));
                }
            }

            /** One warn line per agent and cause; the agent's jobs go to other agents as on any disconnect. */
            private void misbehaved(String cause, int count) {
                ended = true;
                log.warn("disconnecting misbehaving agent agent={} location={} peer={} cause=\"{}\" count={}",
                        session.info().agentId(), session.info().location(), peer, cause, count);
                sender.refuse("protocol violation: " + cause + " (" + count + "); fix or upgrade the agent");
                gone(session, "protocol violation: " + cause);
            }

            @Override
            public void onError(Throwable t) {
                sender.closed(false);
                gone(session, "stream broke: " + Status.fromThrowable(t).getCode());
            }

            @Override
            public void onCompleted() {
                sender.closed(true);
                gone(session, "agent closed the stream");
            }
        };
    }

    /**
     * Drops agents whose heartbeats stopped (a dead peer behind a live TCP connection), and sooner
     * those the dispatcher presumes gone (silent while holding jobs past their timeout), so that
     * their jobs reach another agent of the location within the round.
     */
    public void dropSilentAgents() {
        long deadline = clock.millis() - 3 * heartbeatInterval.toMillis();
        Set<AgentSession> holdingOverdue = dispatcher.presumedGone();
        for (Link link : links.values()) {
            AgentSession session = link.session();
            if (session.lastHeartbeatMillis() < deadline) {
                link.sender().disconnect("no heartbeat for " + 3 * heartbeatInterval.toSeconds() + "s");
                gone(session, "heartbeats stopped");
            } else if (holdingOverdue.contains(session)) {
                log.warn("agent presumed gone: silent while holding jobs past their timeout agent={} location={} silent_ms={}",
                        session.info().agentId(), session.info().location(), clock.millis() - session.lastHeartbeatMillis());
                link.sender().disconnect("silent while holding jobs past their timeout");
                gone(session, "silent while holding jobs past their timeout");
            }
        }
    }

    /**
     * Ends every agent's stream with UNAVAILABLE and {@code reason} (a planned stop): agents go to the next
     * coordinator address at once, instead of finding out from keepalive timeouts, and send it what this one
     * has not acknowledged.
     */
    public void disconnectAll(String reason) {
        for (Link link : links.values()) {
            link.sender().disconnect(reason);
            gone(link.session(), reason);
        }
    }

    /** Drops connected agents whose certificate is now revoked (after a CRL or serial list reload). */
    public void disconnectRevoked(Predicate<BigInteger> revoked) {
        for (Link link : links.values()) {
            link.identity().filter(id -> revoked.test(id.serial())).ifPresent(id -> {
                log.warn("disconnecting agent: certificate revoked agent={} serial={} subject=\"{}\"",
                        link.session().info().agentId(), id.serialHex(), id.subject());
                link.sender().disconnect("certificate serial " + id.serialHex() + " is revoked");
                gone(link.session(), "certificate revoked");
            });
        }
    }

    private synchronized AgentSession accept(Hello hello, String peer, Optional<AgentIdentity> identity, StreamJobSender sender) {
        try {
            AgentHello.validate(hello);
        } catch (ValidationException e) {
            log.warn("rejected agent with a bad Hello peer={} problem=\"{}\"", peer, e.getMessage());
            sender.reject(e.getMessage());
            return null;
        }
        if (!dispatcher.isKnownLocation(hello.getLocation())) {
            log.warn("rejected agent with unknown location agent={} location={} peer={}", hello.getAgentId(),
                    Display.escape(hello.getLocation()), peer);
            sender.reject("location " + Display.quote(hello.getLocation()) + " is not configured on this coordinator; "
                    + "add it to `locations` in the coordinator config or start the agent with a configured --location");
            return null;
        }
        Optional<String> denied = identity.flatMap(id -> denial(hello, id));
        if (denied.isPresent()) {
            AgentIdentity id = identity.get();
            if (refusals.first(id.fingerprint() + " " + hello.getAgentId() + " " + hello.getLocation())) {
                log.warn("refused agent agent={} location={} serial={} subject=\"{}\" peer={} reason=\"{}\"", hello.getAgentId(),
                        hello.getLocation(), id.serialHex(), id.subject(), peer, denied.get());
            }
            sender.deny(denied.get());
            return null;
        }
        Link previous = links.remove(hello.getAgentId());
        if (previous != null) {
            previous.sender().disconnect("replaced by a new connection of the same agent");
            dispatcher.disconnect(previous.session(), "replaced by a new connection");
        }
        sender.sendFirst(CoordinatorMessage.newBuilder().setWelcome(Welcome.newBuilder()
                .setCoordinatorVersion(VantageVersion.current())
                .setHeartbeatIntervalMs((int) heartbeatInterval.toMillis())
                .addAllTargetDeny(targets.deny().stream().map(AddressRule::toString).toList())
                .addAllTargetAllow(targets.allow().stream().map(AddressRule::toString).toList())
                .setTargetPolicySet(true)
                .setEpoch(epoch)).build());
        int maxInFlight = hello.getMaxInFlight() > 0 ? hello.getMaxInFlight() : DEFAULT_MAX_IN_FLIGHT;
        AgentInfo info = new AgentInfo(hello.getAgentId(), hello.getLocation(), hello.getVersion(), hello.getHostname(),
                hello.getSourceAddressesList(), maxInFlight, peer, clock.instant());
        AgentSession session = dispatcher.connect(info, sender);
        links.put(info.agentId(), new Link(session, sender, identity));
        return session;
    }

    /**
     * Why an agent with this certificate may not be who its Hello says: another location, or an
     * agent id held by another certificate. The same certificate reconnecting replaces its old
     * stream; a new certificate of the same subject takes over an id that is not connected (rotation).
     */
    private Optional<String> denial(Hello hello, AgentIdentity id) {
        if (id.location().isEmpty()) {
            return Optional.of("certificate has no location; issue it with a SAN URI vantage://location/" + hello.getLocation()
                    + " (vantage certs issue --location " + hello.getLocation() + ")");
        }
        if (!id.location().get().equals(hello.getLocation())) {
            return Optional.of("certificate is for location " + id.location().get() + ", Hello says " + hello.getLocation());
        }
        Link holder = links.get(hello.getAgentId());
        if (holder != null && holder.identity().isPresent() && !holder.identity().get().fingerprint().equals(id.fingerprint())) {
            return Optional.of("agent id " + hello.getAgentId() + " is held by another certificate");
        }
        // Binds a new id to this subject as a side effect: the first certificate to use an id owns it.
        String bound = store.bindAgentCertificate(hello.getAgentId(), id.subject(), clock.instant());
        if (!bound.equals(id.subject())) {
            return Optional.of("agent id " + hello.getAgentId() + " is bound to certificate subject " + bound
                    + "; use another --agent-id or a certificate of that subject");
        }
        return Optional.empty();
    }

    private void gone(AgentSession session, String why) {
        if (session == null) {
            return;
        }
        links.computeIfPresent(session.info().agentId(), (id, link) -> link.session() == session ? null : link);
        dispatcher.disconnect(session, why);
    }

    private static List<AgentOutcome> outcomes(List<AgentResult> results) {
        List<AgentOutcome> out = new ArrayList<>(results.size());
        for (AgentResult r : results) {
            StatusCode status = r.getStatusCode() == 0 ? StatusCode.OK : StatusCode.TCP_CONNECTION_FAILED;
            FailureReason reason = status == StatusCode.OK ? FailureReason.NONE : WireEnums.fromWire(r.getReason());
            out.add(new AgentOutcome(r.getJobId(), r.getMonitorId(), WireEnums.fromWire(r.getKind()), Instant.ofEpochMilli(r.getDueAtUnixMs()),
                    new ProbeOutcome(status, reason, r.getConnectNanos(),
                    Display.bounded(r.getAddress(), MAX_RESULT_ADDRESS), Instant.ofEpochMilli(r.getStartedAtUnixMs()),
                    Display.bounded(r.getMessage(), MAX_RESULT_MESSAGE))));
        }
        return out;
    }
}
