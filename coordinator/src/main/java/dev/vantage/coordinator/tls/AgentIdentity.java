package dev.vantage.coordinator.tls;

import dev.vantage.coordinator.pki.CertificateAuthority;
import io.grpc.Context;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who an agent is by its verified client certificate.
 *
 * @param location    from the SAN URI vantage://location/LOCATION; empty when the certificate has none
 * @param subject     the certificate's subject (RFC 2253)
 * @param serial      its serial number
 * @param fingerprint SHA-256 of the certificate, hex: tells a reconnect of the same agent from another certificate
 */
public record AgentIdentity(Optional<String> location, String subject, BigInteger serial, String fingerprint) {
    static final Context.Key<AgentIdentity> KEY = Context.key("vantage-agent-identity");

    /** The identity of the agent whose call is being served; empty without TLS. */
    public static Optional<AgentIdentity> current() {
        return Optional.ofNullable(KEY.get());
    }

    public String serialHex() {
        return serial.toString(16);
    }

    static AgentIdentity of(X509Certificate cert) {
        return new AgentIdentity(location(cert), cert.getSubjectX500Principal().getName(), cert.getSerialNumber(), fingerprint(cert));
    }

    private static Optional<String> location(X509Certificate cert) {
        try {
            if (cert.getSubjectAlternativeNames() == null) {
                return Optional.empty();
            }
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                if (Integer.valueOf(6).equals(san.get(0)) && san.get(1) instanceof String uri
                        && uri.startsWith(CertificateAuthority.LOCATION_URI_PREFIX)) {
                    return Optional.of(uri.substring(CertificateAuthority.LOCATION_URI_PREFIX.length()));
                }
            }
            return Optional.empty();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    private static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
