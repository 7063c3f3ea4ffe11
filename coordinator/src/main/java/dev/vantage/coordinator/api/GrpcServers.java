package dev.vantage.coordinator.api;

import dev.vantage.coordinator.tls.ServerTls;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The coordinator's one gRPC server: agents, the admin API and the alert API on the same port. */
public final class GrpcServers {
    static final int MAX_INBOUND_MESSAGE = 1024 * 1024;
    static final int MAX_INBOUND_METADATA = 8 * 1024;

    private GrpcServers() {
    }

    /**
     * @param tls  with it, TLS on the port and agents held to client certificates; without, plaintext
     * @param auth checks the token of every admin and alert call; agents are not asked for one
     */
    public static Server build(String host, int port, Optional<ServerTls> tls, AgentServiceImpl agents, AdminServiceImpl admin,
                               AlertServiceImpl alerts, ServerInterceptor auth) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        List<ServerInterceptor> agentInterceptors = new ArrayList<>(List.of(new PeerAddress()));
        tls.ifPresent(t -> {
            builder.sslContext(t.sslContext());
            agentInterceptors.add(t.agentInterceptor());
        });
        return limits(builder
                .addService(ServerInterceptors.intercept(ReadableFrames.bind(agents), agentInterceptors))
                .addService(ServerInterceptors.intercept(admin, auth))
                .addService(ServerInterceptors.intercept(alerts, auth)))
                .build();
    }

    /**
     * The port of a standby coordinator: every call (an agent's stream, an admin or alert call) ends at once
     * with UNAVAILABLE saying so, so that an agent given several addresses moves on to the next one and a
     * person sees why, instead of a refused connection.
     */
    public static Server standby(String host, int port, Optional<ServerTls> tls) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        tls.ifPresent(t -> builder.sslContext(t.sslContext()));
        return limits(builder.fallbackHandlerRegistry(new StandbyRegistry())).build();
    }

    private static NettyServerBuilder limits(NettyServerBuilder builder) {
        return builder
                // The largest legitimate message is an agent's result batch: 256 results of at most
                // ~1.2 KiB each (a 1 KiB message, an address, numbers), about 300 KiB; admin requests are
                // a few KiB at their limits. 1 MiB leaves room and refuses anything that is not one of ours.
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE)
                // Headers are a path, a user agent and perhaps a token: 8 KiB (gRPC's default, stated so
                // it is a choice) is plenty, and errors quote only bounded values, so our own trailers fit too.
                .maxInboundMetadataSize(MAX_INBOUND_METADATA)
                // Agents keep their stream alive with pings; allow them, and find dead peers ourselves.
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS);
    }
}
