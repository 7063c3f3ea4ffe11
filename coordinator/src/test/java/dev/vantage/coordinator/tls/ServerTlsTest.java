package dev.vantage.coordinator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.coordinator.pki.Issued;
import dev.vantage.coordinator.pki.PkiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
    @TempDir
    Path dir;
    private CertificateAuthority ca;
    private Issued agent;

    @BeforeEach
    void pki() {
        ca = CertificateAuthority.create(dir, Duration.ofDays(10), Clock.systemUTC());
        ca.issueServer(java.util.List.of(), Duration.ofDays(1));
        agent = ca.issueAgent("eu-west", null, Duration.ofDays(1));
    }

    private TlsSettings settings(Optional<Path> crl) {
        return new TlsSettings(Optional.of(dir.resolve("coordinator.crt")), Optional.of(dir.resolve("coordinator.key")),
                Optional.of(dir.resolve("ca.crt")), crl, Set.of(), false);
    }

    /** A change the next check sees even within the file system's timestamp resolution. */
    private static void touch(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    }

    @Test
    void aBadFileAtReloadKeepsTheCurrentMaterialAndAFixedOneIsTakenUp() throws Exception {
        ca.revoke(agent.serial());
        ServerTls tls = ServerTls.load(settings(Optional.of(dir.resolve("ca.crl"))));
        String goodKey = Files.readString(dir.resolve("coordinator.key"));

        Files.writeString(dir.resolve("coordinator.key"), "-----BEGIN PRIVATE KEY-----\nbroken\n");
        assertThat(tls.reloadIfChanged()).isFalse();
        assertThat(tls.isRevoked(agent.serial())).as("the loaded CRL is still in force").isTrue();
        assertThat(tls.reloadIfChanged()).as("an unchanged bad file is not tried again").isFalse();

        Files.writeString(dir.resolve("coordinator.key"), goodKey);
        touch(dir.resolve("coordinator.key"));
        assertThat(tls.reloadIfChanged()).isTrue();
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAtLoadNamingIt() {
        Issued other = ca.issueAgent("eu-west", "other", Duration.ofDays(1));
        TlsSettings mismatched = new TlsSettings(Optional.of(dir.resolve("coordinator.crt")), Optional.of(other.key()),
                Optional.of(dir.resolve("ca.crt")), Optional.empty(), Set.of(), false);

        assertThatThrownBy(() -> ServerTls.load(mismatched)).isInstanceOf(PkiException.class)
                .hasMessage("tls.key: " + other.key() + " is not the private key of the certificate in " + dir.resolve("coordinator.crt"));
    }

    @Test
    void aCrlOfAnotherCaIsRefused() {
        CertificateAuthority foreign = CertificateAuthority.create(dir.resolve("foreign"), Duration.ofDays(10), Clock.systemUTC());
        foreign.revoke(agent.serial());
        Path crl = dir.resolve("foreign/ca.crl");

        assertThatThrownBy(() -> ServerTls.load(settings(Optional.of(crl))))
                .hasMessage("tls.crl: " + crl + " is not signed by a CA in tls.ca");
    }

    @Test
    void halfATlsConfigurationNamesTheMissingKey() {
        Properties p = new Properties();
        p.setProperty("tls.cert", "/etc/vantage/tls/coordinator.crt");
        p.setProperty("tls.ca", "/etc/vantage/tls/ca.crt");

        assertThatThrownBy(() -> TlsSettings.fromProperties(p)).isInstanceOf(ValidationException.class)
                .hasMessage("tls.key: missing; TLS needs all of tls.cert, tls.key and tls.ca (see vantage certs init)");
    }

    @Test
    void theDefaultListenAddressIsLoopbackWithoutTls() {
        assertThat(TlsSettings.none().defaultListen(7400)).isEqualTo("127.0.0.1:7400");
        assertThat(settings(Optional.empty()).defaultListen(7400)).isEqualTo("0.0.0.0:7400");
        TlsSettings.none().requireSafeListen("::1", 7400);
        assertThatThrownBy(() -> TlsSettings.none().requireSafeListen("::", 7400))
                .hasMessageStartingWith("listen: [::]:7400 is not a loopback address and TLS is off;");
    }
}
