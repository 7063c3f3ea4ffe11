package dev.vantage.coordinator.api;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import dev.vantage.coordinator.tls.ServerTls;
import java.util.Optional;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The coordinator's one gRPC server: agents, the admin API and the alert API on the same port. */
public final class GrpcServers {
    private GrpcServers() {
    }

    /** @param tls with it, TLS on the port and agents held to client certificates; without, plaintext */
    public static Server build(String host, int port, Optional<ServerTls> tls, AgentServiceImpl agents, AdminServiceImpl admin,
                               AlertServiceImpl alerts) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        List<ServerInterceptor> agentInterceptors = new ArrayList<>(List.of(new PeerAddress()));
        tls.ifPresent(t -> {
            builder.sslContext(t.sslContext());
            agentInterceptors.add(t.agentInterceptor());
        });
        return builder
                .addService(ServerInterceptors.intercept(agents, agentInterceptors))
                .addService(admin)
                .addService(alerts)
                // Agents keep their stream alive with pings; allow them, and find dead peers ourselves.
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .build();
    }
}
