package dev.vantage.coordinator.tls;

import dev.vantage.coordinator.pki.Pem;
import dev.vantage.coordinator.pki.PkiException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** A TLS client that trusts the CAs of one PEM file: how a scraper of the coordinator's HTTPS endpoint verifies it. */
public final class TrustedCa {
    private TrustedCa() {
    }

    /** A new client context (so a new session: no resumption of an earlier one) trusting every certificate in {@code caFile}. */
    public static SSLContext clientContext(Path caFile) {
        List<X509Certificate> cas = Pem.readCertificates(caFile);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pkix(cas)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("tls: cannot trust " + caFile + ": " + e.getMessage());
        }
    }

    /** PKIX verification (signature, validity dates) against {@code cas}: for the coordinator's server and its clients alike. */
    static X509ExtendedTrustManager pkix(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }
}
