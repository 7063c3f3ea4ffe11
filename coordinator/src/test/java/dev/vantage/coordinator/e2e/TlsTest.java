package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.coordinator.pki.Issued;
import dev.vantage.coordinator.pki.Pem;
import dev.vantage.coordinator.cli.VantageCli;
import dev.vantage.coordinator.tls.TrustedCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import picocli.CommandLine;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS end to end: a coordinator with certificates made by `vantage certs`' code, real agents with
 * client certificates and the CLI with --tls-ca, over loopback sockets.
 */
class TlsTest {
    /** How long a refused agent gets to prove it stays out: it retries every 50-500 ms meanwhile. */
    private static final Duration REFUSED_FOR = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private Cluster cluster;
    private OpenListener target;

    @AfterEach
    void stop() {
        if (target != null) {
            target.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private CertificateAuthority ca() {
        return CertificateAuthority.open(cluster.pki(), Clock.systemUTC());
    }

    private Agent agent(Issued cert, String location, String agentId) {
        return Agent.start(cluster.agentConfig(location).withAgentId(agentId)
                .withTls(new AgentTls(cert.certificate(), cert.key(), cluster.pki().resolve("ca.crt"))));
    }

    private void createMonitor(Cli cli) {
        target = OpenListener.start();
        Cli.Run r = cli.run("monitor", "create", "--name", "web", "--host", target.host(), "--port", String.valueOf(target.port()),
                "--interval", "1h", "--timeout", "2s", "--locations", "eu-west");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private static JsonNode probeOnce(Cli cli) {
        Cli.Run test = cli.run("test", "web", "--json");
        assertThat(test.exit()).as(test.toString()).isZero();
        return test.jsonLines().get(0);
    }

    @Test
    void anAgentWithItsCertificateConnectsAndItsProbesAreStored() throws InterruptedException {
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        cluster.startAgent("eu-west");
        Cli cli = cluster.cli();
        createMonitor(cli);

        JsonNode result = probeOnce(cli);

        assertThat(result.get("agent").asText()).isEqualTo("agent-eu-west");
        assertThat(result.get("status_code").asInt()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli.run("results", "web", "--json").json())
                .extracting(r -> r.get("agent").asText()).containsExactly("agent-eu-west"));
    }

    @Test
    void certificatesOfAnotherCaAnotherLocationExpiredOrRevokedAreRefused() throws InterruptedException {
        CertificateAuthority other = CertificateAuthority.create(dir.resolve("other-ca"), Duration.ofDays(10), Clock.systemUTC());
        Issued foreign = other.issueAgent("eu-west", null, Duration.ofDays(1));
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        CertificateAuthority ca = ca();
        Issued wrongLocation = ca.issueAgent("us-east", "us-east-cert", Duration.ofDays(1));
        Issued expired = ca.issueAgent("eu-west", "expired", Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        Issued listed = ca.issueAgent("eu-west", "listed", Duration.ofDays(1));
        Issued inCrl = ca.issueAgent("eu-west", "in-crl", Duration.ofDays(1));
        ca.revoke(inCrl.serial());
        Properties revocation = new Properties();
        revocation.setProperty("tls.crl", cluster.pki().resolve("ca.crl").toString());
        revocation.setProperty("tls.revoked_serials", listed.serialHex());
        cluster.restartCoordinator(revocation);

        for (Issued bad : List.of(foreign, wrongLocation, expired, listed, inCrl)) {
            try (Agent agent = agent(bad, "eu-west", "agent-" + bad.certificate().getFileName())) {
                assertThat(agent.awaitConnected(REFUSED_FOR)).as("agent with %s connects", bad.certificate()).isFalse();
            }
        }
        assertThat(cluster.coordinator().dispatcher().agentsByLocation().get("eu-west")).isEmpty();
        // and the agent of the right certificate still gets in
        cluster.startAgent("eu-west");
    }

    @Test
    void anotherCertificateCannotTakeOverAConnectedAgentId() throws InterruptedException {
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        Agent real = cluster.startAgent("eu-west");
        Cli cli = cluster.cli();
        createMonitor(cli);
        Issued impostorCert = ca().issueAgent("eu-west", "impostor", Duration.ofDays(1));

        try (Agent impostor = agent(impostorCert, "eu-west", "agent-eu-west")) {
            assertThat(impostor.awaitConnected(REFUSED_FOR)).isFalse();

            assertThat(real.isConnected()).isTrue();
            assertThat(real.welcomes()).isEqualTo(1);
            JsonNode result = probeOnce(cli);
            assertThat(result.get("agent").asText()).isEqualTo("agent-eu-west");
            assertThat(result.get("status_code").asInt()).isZero();
        }
    }

    @Test
    void anAgentIdStaysWithItsCertificateSubjectAcrossARestartAndARotatedCertificateOfThatSubjectTakesIt() throws InterruptedException {
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        cluster.startAgent("eu-west");
        cluster.stopAgent("eu-west");
        cluster.restartCoordinator(new Properties());
        Issued impostorCert = ca().issueAgent("eu-west", "impostor", Duration.ofDays(1));

        try (Agent impostor = agent(impostorCert, "eu-west", "agent-eu-west")) {
            assertThat(impostor.awaitConnected(REFUSED_FOR)).isFalse();
        }

        Issued rotated = ca().issueAgent("eu-west", null, Duration.ofDays(1));
        Agent agent = cluster.startAgent("eu-west");
        assertThat(agent.isConnected()).isTrue();
        assertThat(rotated.subject()).isEqualTo("CN=agent-eu-west,O=Vantage");
    }

    @Test
    void aCrlReloadDisconnectsANowRevokedAgent() throws InterruptedException {
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        CertificateAuthority ca = ca();
        ca.revoke(BigInteger.valueOf(12345));
        Properties crl = new Properties();
        crl.setProperty("tls.crl", cluster.pki().resolve("ca.crl").toString());
        cluster.restartCoordinator(crl);
        Agent agent = cluster.startAgent("eu-west");

        ca.revoke(Pem.readCertificates(cluster.pki().resolve("agent-eu-west.crt")).get(0).getSerialNumber());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(agent.isConnected()).isFalse();
            assertThat(cluster.coordinator().dispatcher().agentsByLocation().get("eu-west")).isEmpty();
        });
        assertThat(agent.awaitConnected(REFUSED_FOR)).isFalse();
    }

    @Test
    void aNewCaInTheTrustFileIsAcceptedWithoutRestart() throws Exception {
        Path trust = dir.resolve("trust.pem");
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        Files.copy(cluster.pki().resolve("ca.crt"), trust);
        Properties bundle = new Properties();
        bundle.setProperty("tls.ca", trust.toString());
        cluster.restartCoordinator(bundle);
        CertificateAuthority next = CertificateAuthority.create(dir.resolve("next-ca"), Duration.ofDays(10), Clock.systemUTC());
        Issued nextCert = next.issueAgent("eu-west", null, Duration.ofDays(1));
        try (Agent early = agent(nextCert, "eu-west", "agent-next")) {
            assertThat(early.awaitConnected(REFUSED_FOR)).isFalse();
        }

        Path staged = dir.resolve("trust.pem.new");
        Files.writeString(staged, Files.readString(cluster.pki().resolve("ca.crt")) + Files.readString(dir.resolve("next-ca/ca.crt")));
        Files.move(staged, trust, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        try (Agent agent = agent(nextCert, "eu-west", "agent-next")) {
            assertThat(agent.awaitConnected(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aReissuedServerCertificateIsServedWithoutRestart() throws Exception {
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());
        BigInteger before = servedSerial();

        Issued next = ca().issueServer(List.of(), Duration.ofDays(1));

        assertThat(next.serial()).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(15)).until(() -> servedSerial().equals(next.serial()));
        cluster.startAgent("eu-west");
    }

    /** The serial of the certificate the coordinator's port presents now, by a plain JDK TLS handshake. */
    private BigInteger servedSerial() throws Exception {
        SSLContext context = TrustedCa.clientContext(cluster.pki().resolve("ca.crt"));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", cluster.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    @Test
    void theCliNeedsTheCaOfATlsCoordinator() {
        cluster = Cluster.withTls(dir, List.of("eu-west", "us-east"), new Properties());

        Cli.Run withCa = cluster.cli().run("locations");
        Cli.Run plaintext = new Cli("127.0.0.1:" + cluster.port()).run("locations");

        assertThat(withCa.exit()).as(withCa.toString()).isZero();
        assertThat(plaintext.exit()).as(plaintext.toString()).isEqualTo(3);
        assertThat(plaintext.err()).startsWith("error: the coordinator at 127.0.0.1:" + cluster.port()
                + " closed the connection; it probably requires TLS: pass --tls-ca FILE or set VANTAGE_TLS_CA");
    }

    @Test
    void theCliWithACaSaysSoWhenTheCoordinatorIsPlaintext() {
        CertificateAuthority.create(dir.resolve("pki"), Duration.ofDays(10), Clock.systemUTC());
        cluster = new Cluster(dir, List.of("eu-west", "us-east"));

        Cli.Run r = new Cli("127.0.0.1:" + cluster.port(), List.of("--tls-ca", dir.resolve("pki/ca.crt").toString())).run("locations");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: TLS with the coordinator at 127.0.0.1:" + cluster.port() + " failed (")
                .endsWith("); check that it serves TLS and that --tls-ca (or VANTAGE_TLS_CA) is the CA of its certificate\n");
    }

    @Test
    void plaintextOnANonLoopbackAddressNeedsAnExplicitChoice() {
        StringWriter err = new StringWriter();
        CommandLine vantage = VantageCli.commandLine(new VantageCli());
        vantage.setErr(new PrintWriter(err, true));

        int exit = vantage.execute("coordinator", "--listen", "0.0.0.0:7400");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: listen: 0.0.0.0:7400 is not a loopback address and TLS is off; set tls.cert, "
                + "tls.key and tls.ca (see vantage certs init), or insecure.plaintext=true on an isolated network\n");

        Properties p = new Properties();
        p.setProperty("insecure.plaintext", "true");
        p.setProperty("http.listen", "off");
        p.setProperty("store.url", "jdbc:sqlite:" + dir.resolve("plain.db"));
        try (Coordinator c = Coordinator.start(CoordinatorConfig.fromProperties(p).withListen("0.0.0.0", 0))) {
            assertThat(c.port()).isPositive();
        }
    }
}
