package dev.vantage.coordinator.tls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import java.math.BigInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a call to the agent service only with a verified client certificate, and hands its
 * {@link AgentIdentity} to the service. The port asks for client certificates without requiring
 * them (the admin CLI has none), so this is where agents are held to it. A certificate revoked
 * after its connection's handshake is refused here too: a new stream on an old connection does
 * not handshake again.
 */
final class AgentCertificateInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(AgentCertificateInterceptor.class);
    static final String NO_CERTIFICATE = "agents must present a client certificate signed by tls.ca";

    private final Predicate<BigInteger> revoked;
    private final Refusals refusals;

    AgentCertificateInterceptor(Predicate<BigInteger> revoked, Refusals refusals) {
        this.revoked = revoked;
        this.refusals = refusals;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        X509Certificate cert = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (cert == null) {
            String peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR) instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() : "?";
            if (refusals.first("no-certificate " + peer)) {
                log.warn("refused agent: no client certificate peer={}", peer);
            }
            call.close(Status.UNAUTHENTICATED.withDescription(NO_CERTIFICATE), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AgentIdentity identity = AgentIdentity.of(cert);
        if (revoked.test(identity.serial())) {
            if (refusals.first("revoked " + identity.serialHex())) {
                log.warn("refused agent: certificate revoked serial={} subject=\"{}\"", identity.serialHex(), identity.subject());
            }
            call.close(Status.UNAUTHENTICATED.withDescription("certificate serial " + identity.serialHex() + " is revoked"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(AgentIdentity.KEY, identity), call, headers, next);
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
