package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vantage.common.config.HostPort;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.cli.VantageCli;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.coordinator.pki.Issued;
import dev.vantage.coordinator.pki.Pem;
import dev.vantage.coordinator.testing.Scrape;
import dev.vantage.coordinator.tls.TrustedCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The operator HTTP endpoints over HTTPS: a TLS coordinator serves /metrics, /healthz and the status
 * page with its own certificate (made by `vantage certs`' code), an agent with its own; a real JDK
 * HTTPS client trusting only the CA scrapes them over loopback. Without TLS, a non-loopback address
 * is refused at start unless plaintext was chosen.
 */
class HttpsTest {
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");

    @TempDir
    Path dir;
    private Cluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A GET with a new client (a new TLS session each time) that trusts the cluster's CA only. */
    private HttpResponse<String> get(InetSocketAddress address, String path, Optional<String> bearer) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(TrustedCa.clientContext(cluster.pki().resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(20));
        bearer.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BigInteger servedSerial(HttpResponse<?> response) throws Exception {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }

    private InetSocketAddress coordinatorHttp() {
        return cluster.coordinator().httpAddress().orElseThrow();
    }

    @Test
    void aTlsCoordinatorServesMetricsHealthzAndThePageOverHttpsWithItsCertificateAndTheTokenRule() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("http.listen", "0.0.0.0:0");
        cluster = Cluster.withTls(dir, LOCATIONS, settings);
        BigInteger coordinatorSerial = Pem.readCertificates(cluster.pki().resolve("coordinator.crt")).get(0).getSerialNumber();

        HttpResponse<String> none = get(coordinatorHttp(), "/metrics", Optional.empty());
        HttpResponse<String> admin = get(coordinatorHttp(), "/metrics", Optional.of(cluster.adminToken()));
        HttpResponse<String> health = get(coordinatorHttp(), "/healthz", Optional.empty());
        HttpResponse<String> page = get(coordinatorHttp(), "/", Optional.empty());
        HttpResponse<String> pageData = get(coordinatorHttp(), "/api/status", Optional.empty());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("missing or invalid token; send the header 'Authorization: Bearer SECRET' with a token of role "
                + "read or higher (vantage token create)\n");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(Scrape.parse(admin.body()).sampleNames()).contains("vantage_agents_connected");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"store\":\"ok\",\"agents\":0}\n");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(pageData.statusCode()).isEqualTo(401);
        assertThat(servedSerial(admin)).isEqualTo(coordinatorSerial);
        assertThat(admin.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    /** Beyond loopback, where HTTPS is served. */
    private static Properties anyAddress() {
        Properties settings = new Properties();
        settings.setProperty("http.listen", "0.0.0.0:0");
        return settings;
    }

    @Test
    void aPlaintextRequestToTheHttpsPortGetsNoAnswer() {
        cluster = Cluster.withTls(dir, LOCATIONS, anyAddress());

        assertThatThrownBy(() -> Scrape.get(coordinatorHttp(), "/healthz", Optional.empty()))
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void onALoopbackAddressATlsCoordinatorServesPlainHttpWithNoToken() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("http.listen", "127.0.0.1:0");
        cluster = Cluster.withTls(dir, LOCATIONS, settings);

        Scrape.Response metrics = Scrape.get(coordinatorHttp(), "/metrics", Optional.empty());

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(Scrape.parse(metrics.body()).sampleNames()).contains("vantage_agents_connected");
        assertThatThrownBy(() -> get(coordinatorHttp(), "/healthz", Optional.empty())).isInstanceOf(IOException.class);
    }

    @Test
    void aReissuedServerCertificateIsServedOverHttpsWithoutRestart() throws Exception {
        cluster = Cluster.withTls(dir, LOCATIONS, anyAddress());
        BigInteger before = servedSerial(get(coordinatorHttp(), "/healthz", Optional.empty()));

        Issued next = CertificateAuthority.open(cluster.pki(), Clock.systemUTC()).issueServer(List.of(), Duration.ofDays(1));

        assertThat(next.serial()).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(15)).until(() -> servedSerial(get(coordinatorHttp(), "/healthz", Optional.empty())),
                next.serial()::equals);
    }

    @Test
    void aNonLoopbackHttpListenWithoutTlsIsRefusedAtStartNamingTheFix() throws Exception {
        Path config = Files.writeString(dir.resolve("coordinator.properties"),
                "http.listen=0.0.0.0:7480\nstore.url=jdbc:sqlite:" + dir.resolve("refused.db") + "\n");
        StringWriter err = new StringWriter();
        CommandLine vantage = VantageCli.commandLine(new VantageCli());
        vantage.setErr(new PrintWriter(err, true));

        int exit = vantage.execute("coordinator", "--config", config.toString(), "--listen", "127.0.0.1:0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: http.listen: 0.0.0.0:7480 is not a loopback address and TLS is off; set tls.cert, "
                + "tls.key and tls.ca to serve HTTPS (see vantage certs init), bind it to loopback (e.g. 127.0.0.1:7480), or "
                + "insecure.plaintext=true on an isolated network\n");
        assertThat(dir.resolve("refused.db")).doesNotExist();
    }

    @Test
    void insecurePlaintextAllowsPlainHttpOnANonLoopbackAddressForBothPorts() {
        Properties p = new Properties();
        p.setProperty("insecure.plaintext", "true");
        p.setProperty("http.listen", "0.0.0.0:0");
        p.setProperty("store.url", "jdbc:sqlite:" + dir.resolve("plain.db"));
        try (Coordinator c = Coordinator.start(CoordinatorConfig.fromProperties(p).withListen("0.0.0.0", 0))) {
            assertThat(Scrape.get(c.httpAddress().orElseThrow(), "/healthz", Optional.empty()).status()).isEqualTo(200);
        }
    }

    @Test
    void anAgentWithACertificateForItsNamesServesItsMetricsOverHttps() throws Exception {
        cluster = Cluster.withTls(dir, LOCATIONS, new Properties());
        Issued agentCert = CertificateAuthority.open(cluster.pki(), Clock.systemUTC())
                .issueAgent("eu-west", null, List.of("127.0.0.1"), Duration.ofDays(1));
        InetSocketAddress agentHttp = new InetSocketAddress("127.0.0.1",
                cluster.startAgent("eu-west").serveHttp(new HostPort("0.0.0.0", 0)).getPort());

        HttpResponse<String> metrics = get(agentHttp, "/metrics", Optional.empty());
        HttpResponse<String> health = get(agentHttp, "/healthz", Optional.empty());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(Scrape.parse(metrics.body()).value("vantage_agent_link_up")).contains(1.0);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"link\":\"up\"}\n");
        assertThat(servedSerial(metrics)).isEqualTo(agentCert.serial());
        assertThatThrownBy(() -> Scrape.get(agentHttp, "/healthz", Optional.empty())).hasCauseInstanceOf(IOException.class);
    }
}
