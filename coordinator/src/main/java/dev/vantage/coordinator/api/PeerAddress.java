package dev.vantage.coordinator.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Makes the caller's address available to service code, for `vantage locations`. */
final class PeerAddress implements ServerInterceptor {
    static final Context.Key<String> KEY = Context.key("vantage-peer");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String text = a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() + ":" + i.getPort() : String.valueOf(a);
        return Contexts.interceptCall(Context.current().withValue(KEY, text), call, headers, next);
    }

    static String current() {
        String s = KEY.get();
        return s == null ? "" : s;
    }
}
