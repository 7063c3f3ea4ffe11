package dev.vantage.coordinator.api;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The coordinator's one gRPC server: agents, the admin API and the alert API on the same port. */
public final class GrpcServers {
    private GrpcServers() {
    }

    public static Server build(String host, int port, AgentServiceImpl agents, AdminServiceImpl admin, AlertServiceImpl alerts) {
        return NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(ServerInterceptors.intercept(agents, new PeerAddress()))
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
