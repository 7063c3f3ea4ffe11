package dev.vantage.coordinator.cli;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.VantageVersion;
import dev.vantage.common.time.Durations;
import dev.vantage.proto.v1.AdminServiceGrpc;
import dev.vantage.proto.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.AlertServiceGrpc;
import dev.vantage.proto.v1.AlertServiceGrpc.AlertServiceBlockingStub;
import dev.vantage.proto.v1.SubscribeRequest;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The CLI's one connection to a coordinator's admin API: opens the channel (TLS with a CA, else plaintext), puts the
 * deadline on every call and turns gRPC failures into {@link CliFailure}s a person can act on.
 */
final class AdminClient implements AutoCloseable {
    private final HostPort server;
    private final Duration deadline;
    private final boolean tls;
    private final EventLoopGroup loop;
    private final ManagedChannel channel;
    private final AdminServiceBlockingStub stub;
    private final AlertServiceBlockingStub alerts;

    private AdminClient(HostPort server, Duration deadline, Optional<Path> tlsCa, Optional<String> token) {
        this.server = server;
        this.deadline = deadline;
        this.tls = tlsCa.isPresent();
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("vantage-cli-io", true), NioIoHandler.newFactory());
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(server.host(), server.port());
        if (tlsCa.isPresent()) {
            builder.sslContext(clientContext(tlsCa.get()));
        } else {
            builder.usePlaintext();
        }
        this.channel = builder
                .userAgent("vantage-cli/" + VantageVersion.current())
                // Only matters for `alerts watch`, the one call without a deadline: finds a dead coordinator.
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                // Our own NIO loop, not gRPC's shared epoll one: no native library to unpack on every run, and close() can
                // end its thread. A thread left waiting in epoll holds the JVM's exit for 300 ms.
                .eventLoopGroup(loop)
                .channelType(NioSocketChannel.class)
                .build();
        Channel calls = token.map(t -> ClientInterceptors.intercept(channel, bearer(t))).orElse(channel);
        this.stub = AdminServiceGrpc.newBlockingStub(calls);
        this.alerts = AlertServiceGrpc.newBlockingStub(calls);
    }

    /**
     * @param tlsCa with it, TLS verified against this CA; without, plaintext
     * @param token sent with every call as {@code authorization: Bearer <token>}; empty: none
     */
    static AdminClient open(HostPort server, Duration deadline, Optional<Path> tlsCa, Optional<String> token) {
        return new AdminClient(server, deadline, tlsCa, token);
    }

    private static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static SslContext clientContext(Path ca) {
        try {
            return GrpcSslContexts.forClient().trustManager(ca.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, "--tls-ca: cannot use " + ca + " as a CA certificate (" + e.getMessage()
                    + "); give the PEM file of the CA that signed the coordinator's certificate, e.g. ca.crt from vantage certs init");
        }
    }

    /** One unary call under the deadline. */
    <T> T call(Function<AdminServiceBlockingStub, T> rpc) {
        try {
            return rpc.apply(withDeadline());
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /** A server-streaming call: hands each message to {@code each} as soon as it arrives; the deadline covers the whole stream. */
    <T> void stream(Function<AdminServiceBlockingStub, Iterator<T>> rpc, Consumer<T> each) {
        try {
            Iterator<T> messages = rpc.apply(withDeadline());
            while (messages.hasNext()) {
                each.accept(messages.next());
            }
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /** One unary call of the alert API under the deadline. */
    <T> T callAlerts(Function<AlertServiceBlockingStub, T> rpc) {
        try {
            return rpc.apply(alerts.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /**
     * Follows the alert log from {@code fromSequence} with no deadline, handing each alert to {@code each}
     * until the stream ends; a broken stream throws {@link StatusRuntimeException} for the caller to resubscribe.
     * No deadline because {@code alerts watch} is meant to run until interrupted; keepalive pings (this
     * channel's and the coordinator's) end the call when the other side or the path dies.
     */
    void subscribe(long fromSequence, Consumer<AlertEvent> each) {
        Iterator<AlertEvent> events = alerts.subscribe(SubscribeRequest.newBuilder().setFromSequence(fromSequence).build());
        while (events.hasNext()) {
            each.accept(events.next());
        }
    }

    private AdminServiceBlockingStub withDeadline() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The single mapping from gRPC status to what the user reads and the exit code. */
    CliFailure failure(StatusRuntimeException e) {
        Status status = e.getStatus();
        String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION, OUT_OF_RANGE,
                    UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED -> new CliFailure(ExitCodes.USAGE, message);
            case NOT_FOUND -> new CliFailure(ExitCodes.NOT_FOUND, message);
            case UNAVAILABLE -> message.startsWith("standby:")
                    ? new CliFailure(ExitCodes.UNREACHABLE, "the coordinator at " + server + " is a " + message)
                    : tlsMismatch(e).orElseGet(() -> unreachable(rootCause(e, message)));
            case DEADLINE_EXCEEDED -> unreachable("no answer within " + Durations.format(deadline) + "; raise --rpc-timeout if it is busy");
            case UNIMPLEMENTED -> new CliFailure(ExitCodes.FAILED, "the server at " + server
                    + " does not serve the Vantage admin API (" + message + "); is --server pointing at a coordinator of a matching version?");
            default -> new CliFailure(ExitCodes.FAILED, "the coordinator failed the request: " + status.getCode() + ": " + message);
        };
    }

    /**
     * Plaintext to a TLS port ends in a closed connection, TLS to a plaintext port in a handshake
     * error: either way the fix is the same pair of settings, so say so instead of "unreachable".
     */
    private Optional<CliFailure> tlsMismatch(StatusRuntimeException e) {
        boolean handshake = false;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            handshake |= t instanceof SSLException;
        }
        String description = String.valueOf(e.getStatus().getDescription());
        String cause = rootCause(e, description);
        if (tls && handshake) {
            return Optional.of(new CliFailure(ExitCodes.UNREACHABLE, "TLS with the coordinator at " + server + " failed (" + cause
                    + "); check that it serves TLS and that --tls-ca (or VANTAGE_TLS_CA) is the CA of its certificate"));
        }
        if (!tls && (description.contains("Network closed") || description.contains("Connection closed")
                || description.contains("first received frame was not SETTINGS") || cause.contains("connection reset"))) {
            return Optional.of(new CliFailure(ExitCodes.UNREACHABLE, "the coordinator at " + server + " closed the connection; "
                    + "it probably requires TLS: pass --tls-ca FILE or set VANTAGE_TLS_CA to the CA of its certificate"));
        }
        return Optional.empty();
    }

    private CliFailure unreachable(String detail) {
        return new CliFailure(ExitCodes.UNREACHABLE, "cannot reach the coordinator at " + server + " (" + detail
                + "); is it running? set --server or VANTAGE_SERVER");
    }

    /** "Connection refused" rather than gRPC's "io exception". */
    private static String rootCause(Throwable e, String fallback) {
        Throwable root = e.getCause();
        if (root == null) {
            return fallback;
        }
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int address = text.indexOf(": /");
        String detail = address > 0 ? text.substring(0, address) : text;
        int errno = detail.lastIndexOf("): ");
        detail = errno >= 0 ? detail.substring(errno + 3) : detail;
        return detail.isEmpty() ? fallback : Character.toLowerCase(detail.charAt(0)) + detail.substring(1);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
