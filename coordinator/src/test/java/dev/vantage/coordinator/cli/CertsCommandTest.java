package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.coordinator.pki.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CertsCommandTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run vantage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VantageCli.commandLine(new VantageCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private X509Certificate cert(String file) {
        return Pem.readCertificates(dir.resolve(file)).get(0);
    }

    private static List<List<?>> sans(X509Certificate c) throws Exception {
        return List.copyOf(c.getSubjectAlternativeNames());
    }

    @Test
    void initWritesTheCaTheCoordinatorAndOneAgentPerLocationWithPrivateKeys() throws Exception {
        Run r = vantage("certs", "init", "--dir", dir.toString(), "--locations", "eu-west,us-east",
                "--names", "coordinator.example,10.0.0.5");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote agent certificate " + dir.resolve("agent-eu-west.crt"));
        for (String key : List.of("ca.key", "coordinator.key", "agent-eu-west.key", "agent-us-east.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).as(key).isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve(key))).as(key).startsWith("-----BEGIN PRIVATE KEY-----");
        }
        X509Certificate ca = cert("ca.crt");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();

        X509Certificate agent = cert("agent-eu-west.crt");
        agent.verify(ca.getPublicKey());
        assertThat(agent.getSubjectX500Principal().getName()).contains("CN=agent-eu-west");
        assertThat(sans(agent)).containsExactly(List.of(6, "vantage://location/eu-west"));
        assertThat(agent.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(agent.getPublicKey().getAlgorithm()).isEqualTo("EC");

        X509Certificate server = cert("coordinator.crt");
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(sans(server)).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"),
                List.of(2, "coordinator.example"), List.of(7, "10.0.0.5"));
        assertThat(server.getNotAfter().toInstant()).isBefore(ca.getNotAfter().toInstant());
    }

    @Test
    void initRefusesToOverwriteACa() throws Exception {
        assertThat(vantage("certs", "init", "--dir", dir.toString()).exit()).isZero();
        String before = Files.readString(dir.resolve("ca.key"));

        Run again = vantage("certs", "init", "--dir", dir.toString(), "--locations", "eu-west");

        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).startsWith("error: " + dir.resolve("ca.crt") + ": a CA already exists here; refusing to overwrite it");
        assertThat(Files.readString(dir.resolve("ca.key"))).isEqualTo(before);
    }

    @Test
    void issueAddsAnAgentAndReissuesTheCoordinator() throws Exception {
        vantage("certs", "init", "--dir", dir.toString());
        BigInteger oldServer = cert("coordinator.crt").getSerialNumber();

        Run agent = vantage("certs", "issue", "--dir", dir.toString(), "--location", "ap-south", "--name", "edge-1", "--json");
        Run server = vantage("certs", "issue", "--dir", dir.toString(), "--coordinator", "--names", "new.example");
        Run neither = vantage("certs", "issue", "--dir", dir.toString());

        assertThat(agent.exit()).as(agent.err()).isZero();
        assertThat(agent.out()).contains("\"certificate\" : \"" + dir.resolve("edge-1.crt") + "\"");
        assertThat(sans(cert("edge-1.crt"))).containsExactly(List.of(6, "vantage://location/ap-south"));
        assertThat(server.exit()).as(server.err()).isZero();
        assertThat(cert("coordinator.crt").getSerialNumber()).isNotEqualTo(oldServer);
        assertThat(sans(cert("coordinator.crt"))).contains(List.of(2, "new.example"));
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).isEqualTo("error: location: give --location L for an agent certificate, or --coordinator for the coordinator's (one of the two)\n");
    }

    @Test
    void anAgentCertificateWithHostNamesAlsoServesHttpsForThoseNamesOnly() throws Exception {
        vantage("certs", "init", "--dir", dir.toString());

        Run r = vantage("certs", "issue", "--dir", dir.toString(), "--location", "eu-west", "--names", "agent7.example,10.0.0.7");

        assertThat(r.exit()).as(r.err()).isZero();
        X509Certificate agent = cert("agent-eu-west.crt");
        assertThat(agent.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH, SERVER_AUTH);
        assertThat(sans(agent)).containsExactly(List.of(6, "vantage://location/eu-west"), List.of(2, "agent7.example"), List.of(7, "10.0.0.7"));
    }

    @Test
    void revokeListsTheSerialInASignedCrl() {
        vantage("certs", "init", "--dir", dir.toString(), "--locations", "eu-west");
        BigInteger serial = cert("agent-eu-west.crt").getSerialNumber();

        Run byCert = vantage("certs", "revoke", "--dir", dir.toString(), "--cert", dir.resolve("agent-eu-west.crt").toString());
        Run bySerial = vantage("certs", "revoke", "--dir", dir.toString(), "--serial", "ab:cd");

        assertThat(byCert.exit()).as(byCert.err()).isZero();
        assertThat(byCert.out()).startsWith("revoked serial " + serial.toString(16) + "; wrote " + dir.resolve("ca.crl") + " (1 revoked)");
        assertThat(bySerial.out()).startsWith("revoked serial abcd; wrote " + dir.resolve("ca.crl") + " (2 revoked)");
        X509CRL crl = Pem.readCrl(dir.resolve("ca.crl"));
        assertThat(crl.getRevokedCertificate(serial)).isNotNull();
        assertThat(crl.getRevokedCertificate(new BigInteger("abcd", 16))).isNotNull();
        assertThat(crl.getIssuerX500Principal()).isEqualTo(cert("ca.crt").getSubjectX500Principal());
    }
}
