package dev.vantage.coordinator.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies agent certificates against the newest loaded CA bundle (PKIX: signature, validity
 * dates) and refuses revoked serials, so that a bad certificate fails the handshake itself.
 * Each refused certificate is logged once.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTrustManager.class);
    private final Supplier<TlsMaterial> current;
    private final Refusals refusals;

    ReloadingTrustManager(Supplier<TlsMaterial> current, Refusals refusals) {
        this.current = current;
        this.refusals = refusals;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, t -> t.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, t -> t.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, t -> t.checkClientTrusted(chain, authType));
    }

    private interface Check {
        void run(X509ExtendedTrustManager pkix) throws CertificateException;
    }

    /** PKIX with the current CA bundle, then the revocation list of the same loading. */
    private void verify(X509Certificate[] chain, Check pkix) throws CertificateException {
        TlsMaterial m = current.get();
        try {
            pkix.run(m.trust());
        } catch (CertificateException e) {
            refused(chain, "not trusted by tls.ca: " + e.getMessage());
            throw e;
        }
        notRevoked(chain, m);
    }

    private void notRevoked(X509Certificate[] chain, TlsMaterial m) throws CertificateException {
        if (m.revoked().contains(chain[0].getSerialNumber())) {
            refused(chain, "revoked");
            throw new CertificateException("certificate serial " + chain[0].getSerialNumber().toString(16) + " is revoked");
        }
    }

    private void refused(X509Certificate[] chain, String why) {
        X509Certificate leaf = chain.length == 0 ? null : chain[0];
        String serial = leaf == null ? "-" : leaf.getSerialNumber().toString(16);
        if (refusals.first(serial + " " + why)) {
            log.warn("refused agent certificate serial={} subject=\"{}\" reason=\"{}\"", serial,
                    leaf == null ? "-" : leaf.getSubjectX500Principal().getName(), why);
        }
    }

    // The coordinator is never a TLS client of its agents; these serve the interface only.
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        current.get().trust().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        current.get().trust().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.get().trust().checkServerTrusted(chain, authType);
    }

    /**
     * None named: the handshake's certificate request then lists no CAs, and an agent sends its
     * certificate whoever signed it. Naming tls.ca would make an agent of another CA send none,
     * and be refused later with less to say about it than the certificate it holds.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
