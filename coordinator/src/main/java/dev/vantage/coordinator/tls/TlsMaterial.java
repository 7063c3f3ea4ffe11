package dev.vantage.coordinator.tls;

import dev.vantage.coordinator.pki.Pem;
import dev.vantage.coordinator.pki.PkiException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One consistent reading of the TLS files: the server's key manager, the PKIX trust manager for
 * agent certificates and the revoked serials. Loading checks what would otherwise fail only at the
 * first handshake (a key that does not match its certificate, a CRL from another CA).
 */
record TlsMaterial(X509ExtendedKeyManager keys, X509ExtendedTrustManager trust, Set<BigInteger> revoked) {

    static TlsMaterial load(TlsSettings settings) {
        Path certFile = settings.cert().orElseThrow();
        Path keyFile = settings.key().orElseThrow();
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        requireMatch(chain.get(0), key, certFile, keyFile);
        List<X509Certificate> cas = Pem.readCertificates(settings.ca().orElseThrow());
        Set<BigInteger> revoked = new HashSet<>(settings.revokedSerials());
        settings.crl().ifPresent(f -> revoked.addAll(revokedBy(Pem.readCrl(f), cas, f)));
        try {
            char[] none = new char[0];
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, none);
            keyStore.setKeyEntry("server", key, none, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, none);
            return new TlsMaterial((X509ExtendedKeyManager) kmf.getKeyManagers()[0], TrustedCa.pkix(cas), Set.copyOf(revoked));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("tls: cannot use " + certFile + " and " + keyFile + ": " + e.getMessage());
        }
    }

    /** A key that does not sign for its certificate would fail every handshake; refuse it at load instead. */
    private static void requireMatch(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
        try {
            byte[] probe = "vantage key check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new PkiException("tls.key: " + keyFile + " is not the private key of the certificate in " + certFile);
    }

    private static Set<BigInteger> revokedBy(X509CRL crl, List<X509Certificate> cas, Path file) {
        boolean signed = cas.stream().anyMatch(ca -> {
            try {
                crl.verify(ca.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        });
        if (!signed) {
            throw new PkiException("tls.crl: " + file + " is not signed by a CA in tls.ca");
        }
        Set<BigInteger> out = new HashSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            entries.forEach(e -> out.add(e.getSerialNumber()));
        }
        return out;
    }
}
