package dev.vantage.coordinator.tls;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.config.PlaintextRule;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.pki.CertificateAuthority;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The coordinator's TLS settings ({@code tls.*}, {@code insecure.plaintext}). Either all of
 * {@code tls.cert}, {@code tls.key} and {@code tls.ca} are set (TLS on the one port, agents must
 * present a certificate signed by {@code tls.ca}; HTTPS on {@code http.listen}) or none (plaintext,
 * loopback only unless {@code insecure.plaintext=true}, for both).
 *
 * @param cert              {@code tls.cert}: the server certificate chain, PEM
 * @param key               {@code tls.key}: its private key, PEM
 * @param ca                {@code tls.ca}: the CA bundle that signs agent certificates, PEM
 * @param crl               {@code tls.crl}: a CRL of that CA, PEM or DER
 * @param revokedSerials    {@code tls.revoked_serials}: serials refused besides the CRL's
 * @param insecurePlaintext {@code insecure.plaintext}: allow plaintext on a non-loopback address (gRPC port and HTTP)
 */
public record TlsSettings(Optional<Path> cert, Optional<Path> key, Optional<Path> ca, Optional<Path> crl,
                          Set<BigInteger> revokedSerials, boolean insecurePlaintext) {

    public TlsSettings {
        revokedSerials = Set.copyOf(revokedSerials);
        boolean any = cert.isPresent() || key.isPresent() || ca.isPresent();
        if (any) {
            requirePresent("tls.cert", cert);
            requirePresent("tls.key", key);
            requirePresent("tls.ca", ca);
        } else if (crl.isPresent() || !revokedSerials.isEmpty()) {
            throw new ValidationException(crl.isPresent() ? "tls.crl" : "tls.revoked_serials",
                    "only applies with TLS on; set tls.cert, tls.key and tls.ca too");
        }
    }

    public static TlsSettings none() {
        return new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), false);
    }

    /** TLS with the coordinator's certificate and the CA that {@code vantage certs init} wrote into {@code dir}. */
    public static TlsSettings issuedIn(Path dir) {
        return new TlsSettings(Optional.of(CertificateAuthority.coordinatorCertificate(dir)), Optional.of(CertificateAuthority.coordinatorKey(dir)),
                Optional.of(CertificateAuthority.caCertificate(dir)), Optional.empty(), Set.of(), false);
    }

    public static TlsSettings fromProperties(Properties p) {
        return new TlsSettings(path(p, "tls.cert"), path(p, "tls.key"), path(p, "tls.ca"), path(p, "tls.crl"),
                serials(p.getProperty("tls.revoked_serials", "")), bool(p, "insecure.plaintext"));
    }

    public boolean enabled() {
        return cert.isPresent();
    }

    /** The {@code listen} address used when the config names none: every interface only with TLS. */
    public String defaultListen(int port) {
        return (enabled() ? "0.0.0.0:" : "127.0.0.1:") + port;
    }

    /** Plaintext only on loopback unless {@code insecure.plaintext=true}: one rule for the gRPC port and {@code http.listen}. */
    public PlaintextRule plaintextRule() {
        return new PlaintextRule(enabled(), insecurePlaintext);
    }

    /** Refuses plaintext on an address other hosts can reach, unless the operator chose it. */
    public void requireSafeListen(String host, int port) {
        plaintextRule().require("listen", new HostPort(host, port),
                "set tls.cert, tls.key and tls.ca (see vantage certs init), or insecure.plaintext=true on an isolated network");
    }

    /** Parses a comma list of hex serials (an optional 0x and ':' separators allowed, as tools print them). */
    static Set<BigInteger> serials(String csv) {
        Set<BigInteger> out = new LinkedHashSet<>();
        for (String s : List.of(csv.split(","))) {
            String hex = s.trim().replace(":", "").replaceFirst("^0[xX]", "");
            if (hex.isEmpty()) {
                continue;
            }
            try {
                out.add(new BigInteger(hex, 16));
            } catch (NumberFormatException e) {
                throw new ValidationException("tls.revoked_serials", "'" + s.trim() + "' is not a hex serial number, e.g. 4f3a9c01");
            }
        }
        return out;
    }

    private static void requirePresent(String key, Optional<Path> value) {
        if (value.isEmpty()) {
            throw new ValidationException(key, "missing; TLS needs all of tls.cert, tls.key and tls.ca (see vantage certs init)");
        }
    }

    private static Optional<Path> path(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    private static boolean bool(Properties p, String key) {
        String v = p.getProperty(key, "false").trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new ValidationException(key, "must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
