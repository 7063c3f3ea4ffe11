package dev.vantage.coordinator.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reading and writing the PEM files of Vantage's PKI. Every read names the file and what is wrong
 * with it ({@link PkiException}); every write replaces the file atomically, so a coordinator that
 * reloads on change never reads half a file, and private keys are created readable by the owner only.
 */
public final class Pem {
    private Pem() {
    }

    /** Every certificate in a PEM file (a chain or a CA bundle), in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PkiException(file + ": no certificate found; expected PEM with BEGIN CERTIFICATE");
            }
            return out;
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage());
        } catch (CertificateException e) {
            throw new PkiException(file + ": not a PEM certificate file: " + e.getMessage());
        }
    }

    /** A private key in PEM: PKCS#8 ("BEGIN PRIVATE KEY") or the traditional OpenSSL forms. */
    public static PrivateKey readPrivateKey(Path file) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new PkiException(file + ": no unencrypted private key found; expected PEM with BEGIN PRIVATE KEY");
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read the private key: " + e.getMessage());
        }
    }

    /** A CRL in PEM ("BEGIN X509 CRL") or DER. */
    public static X509CRL readCrl(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage());
        } catch (CertificateException | CRLException e) {
            throw new PkiException(file + ": not a CRL in PEM or DER: " + e.getMessage());
        }
    }

    static String encode(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                w.writeObject(o instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes a public file (certificate, CRL), replacing any file of that name at once. */
    static void writePublic(Path file, String pem) {
        write(file, pem, "rw-r--r--");
    }

    /** Writes a private key, created with mode 0600 from the start (never readable by others, not even briefly). */
    static void writePrivate(Path file, String pem) {
        write(file, pem, "rw-------");
    }

    private static void write(Path file, String pem, String mode) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PkiException(file + ": cannot write: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move succeeded or the write failed; either way there is nothing to tidy
                }
            }
        }
    }
}
