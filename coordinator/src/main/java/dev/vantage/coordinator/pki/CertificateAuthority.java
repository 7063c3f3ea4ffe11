package dev.vantage.coordinator.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A small certificate authority for one Vantage deployment, kept as PEM files in one directory:
 * {@code ca.crt}/{@code ca.key}, the coordinator's {@code coordinator.crt}/{@code .key}, one
 * {@code NAME.crt}/{@code .key} per agent and the revocation list {@code ca.crl}.
 *
 * <p>An agent certificate names its location in a SAN URI {@value #LOCATION_URI_PREFIX}LOCATION,
 * which the coordinator compares with the agent's Hello. Keys are EC P-256.
 */
public final class CertificateAuthority {
    public static final String LOCATION_URI_PREFIX = "vantage://location/";
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);
    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String CRL = "ca.crl";
    public static final String COORDINATOR = "coordinator";
    /** Names the coordinator always answers to, so local agents and the CLI verify it without --names. */
    static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");
    /** Back-dating absorbs clock skew between the machine that issues and the ones that verify. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path dir;
    private final X509Certificate cert;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(Path dir, X509Certificate cert, PrivateKey key, Clock clock) {
        this.dir = dir;
        this.cert = cert;
        this.key = key;
        this.clock = clock;
    }

    /** Creates a new CA in {@code dir} (made if missing); refuses when one is there already. */
    public static CertificateAuthority create(Path dir, Duration validity, Clock clock) {
        for (String name : List.of(CA_CERT, CA_KEY)) {
            if (Files.exists(dir.resolve(name))) {
                throw new PkiException(dir.resolve(name) + ": a CA already exists here; refusing to overwrite it "
                        + "(use another --dir, or `vantage certs issue` to add certificates to it)");
            }
        }
        createDirectory(dir);
        KeyPair pair = newKeyPair();
        X500Name subject = name("Vantage CA " + clock.instant().getEpochSecond());
        Instant now = clock.instant();
        CertificateAuthority ca = new CertificateAuthority(dir, null, pair.getPrivate(), clock);
        X509Certificate cert = ca.sign(new JcaX509v3CertificateBuilder(subject, ca.serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), subject, pair.getPublic()), pair, extensions -> {
            extensions.add(Extension.basicConstraints, true, new BasicConstraints(0));
            extensions.add(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
        Pem.writePrivate(dir.resolve(CA_KEY), Pem.encode(pair.getPrivate()));
        Pem.writePublic(dir.resolve(CA_CERT), Pem.encode(cert));
        return new CertificateAuthority(dir, cert, pair.getPrivate(), clock);
    }

    /**
     * What {@code vantage certs init} makes: a new CA in {@code dir}, the coordinator's certificate for
     * {@code names} and one agent certificate per location, each handed to {@code issued} as it is written.
     */
    public static CertificateAuthority init(Path dir, List<String> locations, List<String> names, Duration validity, Clock clock,
                                            Consumer<Issued> issued) {
        CertificateAuthority ca = create(dir, DEFAULT_CA_VALIDITY, clock);
        issued.accept(ca.issueServer(names, validity));
        for (String location : locations) {
            issued.accept(ca.issueAgent(location, null, validity));
        }
        return ca;
    }

    /** Where {@link #init} writes the CA's certificate in {@code dir}. */
    public static Path caCertificate(Path dir) {
        return dir.resolve(CA_CERT);
    }

    /** Where {@link #init} and {@link #issueServer} write the coordinator's certificate in {@code dir}. */
    public static Path coordinatorCertificate(Path dir) {
        return dir.resolve(COORDINATOR + ".crt");
    }

    public static Path coordinatorKey(Path dir) {
        return dir.resolve(COORDINATOR + ".key");
    }

    /** Where {@link #init} and {@link #issueAgent} (without a name) write the certificate of an agent of {@code location}. */
    public static Path agentCertificate(Path dir, String location) {
        return dir.resolve(agentFile(location) + ".crt");
    }

    public static Path agentKey(Path dir, String location) {
        return dir.resolve(agentFile(location) + ".key");
    }

    private static String agentFile(String location) {
        return "agent-" + location;
    }

    /** The CA kept in {@code dir} by {@link #create}. */
    public static CertificateAuthority open(Path dir, Clock clock) {
        return new CertificateAuthority(dir, Pem.readCertificates(dir.resolve(CA_CERT)).get(0), Pem.readPrivateKey(dir.resolve(CA_KEY)), clock);
    }

    public X509Certificate certificate() {
        return cert;
    }

    /**
     * Issues (or reissues, for rotation) the coordinator's server certificate, {@code coordinator.crt}/{@code .key}:
     * serverAuth, SANs localhost, 127.0.0.1, ::1 and {@code names} (IP literals become IP SANs, the rest DNS SANs).
     */
    public Issued issueServer(List<String> names, Duration validity) {
        Set<String> all = new LinkedHashSet<>(LOCAL_NAMES);
        all.addAll(names);
        Instant now = clock.instant();
        return issue(COORDINATOR, "vantage-coordinator", hostSans(all), List.of(KeyPurposeId.id_kp_serverAuth), now.minus(BACKDATE),
                now.plus(validity));
    }

    /** Issues an agent certificate for {@code location}, written as {@code name.crt}/{@code .key} (name default: agent-LOCATION). */
    public Issued issueAgent(String location, String name, Duration validity) {
        return issueAgent(location, name, List.of(), validity);
    }

    /**
     * As {@link #issueAgent(String, String, Duration)}, and with {@code hostNames} (DNS names or IP addresses the agent's
     * {@code --http-listen} is reached by) also a server certificate for them: serverAuth and their SANs, so that
     * scrapers verify the agent's HTTPS. Without host names it is for clientAuth only, and can stand for no server.
     */
    public Issued issueAgent(String location, String name, List<String> hostNames, Duration validity) {
        Instant now = clock.instant();
        return issueAgent(location, name, hostNames, now.minus(BACKDATE), now.plus(validity));
    }

    /** As {@link #issueAgent(String, String, Duration)} with an explicit validity window (tests issue expired ones). */
    public Issued issueAgent(String location, String name, Instant notBefore, Instant notAfter) {
        return issueAgent(location, name, List.of(), notBefore, notAfter);
    }

    private Issued issueAgent(String location, String name, List<String> hostNames, Instant notBefore, Instant notAfter) {
        if (!location.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new PkiException("location: '" + location + "' is not a valid location name; use lower-case letters, digits and '-'");
        }
        String file = name == null ? agentFile(location) : name;
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, LOCATION_URI_PREFIX + location));
        sans.addAll(hostSans(hostNames));
        List<KeyPurposeId> purposes = hostNames.isEmpty() ? List.of(KeyPurposeId.id_kp_clientAuth)
                : List.of(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth);
        return issue(file, file, sans, purposes, notBefore, notAfter);
    }

    /** IP literals become IP SANs, the rest DNS SANs (checked). */
    private static List<GeneralName> hostSans(Collection<String> names) {
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            sans.add(IPAddress.isValid(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, checkedDnsName(n)));
        }
        return sans;
    }

    /** Adds {@code serial} to {@code ca.crl} (created on first use), keeping what it listed; returns the CRL written. */
    public X509CRL revoke(BigInteger serial) {
        Path crlFile = dir.resolve(CRL);
        Instant now = clock.instant();
        X509v2CRLBuilder crl = new X509v2CRLBuilder(subject(), Date.from(now));
        crl.setNextUpdate(cert.getNotAfter());
        BigInteger number = BigInteger.ONE;
        if (Files.exists(crlFile)) {
            X509CRL old = Pem.readCrl(crlFile);
            for (X509CRLEntry e : old.getRevokedCertificates() == null ? Set.<X509CRLEntry>of() : old.getRevokedCertificates()) {
                if (!e.getSerialNumber().equals(serial)) {
                    crl.addCRLEntry(e.getSerialNumber(), e.getRevocationDate(), CRLReason.unspecified);
                }
            }
            byte[] n = old.getExtensionValue(Extension.cRLNumber.getId());
            number = n == null ? BigInteger.ONE : crlNumber(n).add(BigInteger.ONE);
        }
        crl.addCRLEntry(serial, Date.from(now), CRLReason.unspecified);
        try {
            crl.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            crl.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(cert));
            X509CRL signed = new JcaX509CRLConverter().getCRL(crl.build(signer(key)));
            Pem.writePublic(crlFile, Pem.encode(signed));
            return signed;
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException(crlFile + ": cannot build the CRL: " + e.getMessage());
        }
    }

    /** Whether {@code c} was signed by this CA. */
    public boolean signed(X509Certificate c) {
        try {
            c.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Issued issue(String file, String commonName, List<GeneralName> sans, List<KeyPurposeId> purposes, Instant notBefore,
                         Instant notAfter) {
        if (!file.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new PkiException("name: '" + file + "' cannot be a file name; use letters, digits, '.', '_' and '-'");
        }
        KeyPair pair = newKeyPair();
        X500Name subject = name(commonName);
        X509Certificate leaf = sign(new JcaX509v3CertificateBuilder(subject(), serial(), Date.from(notBefore), Date.from(notAfter),
                subject, pair.getPublic()), pair, extensions -> {
            extensions.add(Extension.basicConstraints, true, new BasicConstraints(false));
            extensions.add(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.add(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            extensions.add(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            extensions.add(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(cert));
        });
        Path crt = dir.resolve(file + ".crt");
        Path keyFile = dir.resolve(file + ".key");
        Pem.writePrivate(keyFile, Pem.encode(pair.getPrivate()));
        Pem.writePublic(crt, Pem.encode(leaf));
        return new Issued(leaf.getSubjectX500Principal().getName(), leaf.getSerialNumber(), crt, keyFile, leaf.getNotAfter().toInstant());
    }

    private interface Extensions {
        void add(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, org.bouncycastle.asn1.ASN1Encodable value)
                throws CertIOException;
    }

    private interface ExtensionSetter {
        void set(Extensions extensions) throws CertIOException, GeneralSecurityException;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair subjectKeys, ExtensionSetter extensions) {
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKeys.getPublic()));
            extensions.set(builder::addExtension);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(key)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot sign a certificate: " + e.getMessage());
        }
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private X500Name subject() {
        try {
            return new JcaX509CertificateHolder(cert).getSubject();
        } catch (GeneralSecurityException e) {
            throw new PkiException(dir.resolve(CA_CERT) + ": unreadable CA certificate: " + e.getMessage());
        }
    }

    /** Random, positive and 127 bits long: unique without a counter file, as CAs are advised to. */
    private BigInteger serial() {
        return new BigInteger(127, random).setBit(126);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Vantage").addRDN(BCStyle.CN, commonName).build();
    }

    private static String checkedDnsName(String n) {
        if (!n.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*")) {
            throw new PkiException("names: '" + n + "' is neither a DNS name nor an IP address");
        }
        return n;
    }

    private static BigInteger crlNumber(byte[] extensionValue) {
        try {
            return CRLNumber.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(extensionValue).getOctets()).getCRLNumber();
        } catch (RuntimeException e) {
            return BigInteger.ZERO;
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    private static void createDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new PkiException(dir + ": cannot create the directory: " + e.getMessage());
        }
    }
}
