package dev.vantage.coordinator.auth;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an admin or alert call through only with a valid token ({@code authorization: Bearer <secret>})
 * whose role allows it ({@link Permissions}) and that is within its rate limit; the token is then
 * {@link Caller#current()} while the call is served. A streaming call (Subscribe) counts once.
 */
public final class AuthInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String UNAUTHENTICATED = "missing or invalid token; pass one with VANTAGE_TOKEN or --token-file FILE"
            + " (vantage token create makes one)";
    private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);
    private static final String BEARER = "bearer ";

    private final TokenService tokens;
    private final RateLimiter limiter;
    private final FailedLogins failedLogins = new FailedLogins(System::currentTimeMillis);

    AuthInterceptor(TokenService tokens, RateLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    public static AuthInterceptor create(TokenService tokens, AdminSettings settings) {
        return new AuthInterceptor(tokens, new RateLimiter(settings.ratePerSecond(), settings.rateBurst(), System::nanoTime));
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        String bare = call.getMethodDescriptor().getBareMethodName();
        Optional<Role> needed = Permissions.needed(method);
        if (needed.isEmpty()) {
            log.error("call refused: no role for it in the permissions table call={}", method);
            return refuse(call, Status.PERMISSION_DENIED.withDescription(bare + " is not open to tokens"));
        }
        Optional<Token> token = secret(headers).flatMap(tokens::verify);
        if (token.isEmpty()) {
            String peer = peer(call);
            failedLogins.refused(peer).ifPresent(count -> log.warn(
                    "calls refused: missing or invalid token peer={} count={} last_call={}", peer, count, bare));
            return refuse(call, Status.UNAUTHENTICATED.withDescription(UNAUTHENTICATED));
        }
        Token t = token.get();
        if (!t.role().allows(needed.get())) {
            log.info("call refused: role too low call={} token={} role={} needs={}", bare, t.name(), t.role().word(), needed.get().word());
            return refuse(call, Caller.denied(t, bare, needed.get()));
        }
        if (!limiter.tryAcquire(t.name())) {
            return refuse(call, Status.RESOURCE_EXHAUSTED.withDescription(
                    "token '" + t.name() + "' exceeded " + limiter.perSecond() + " calls/s; slow down"));
        }
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, t), call, headers, next);
    }

    private static Optional<String> secret(Metadata headers) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(value.substring(BEARER.length()).trim());
    }

    /** The caller's IP address (no port: a guesser's every attempt comes from a new one). */
    private static String peer(ServerCall<?, ?> call) {
        SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
