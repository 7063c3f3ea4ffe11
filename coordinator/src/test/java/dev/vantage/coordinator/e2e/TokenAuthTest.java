package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.api.AdminServiceImpl;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.proto.v1.AdminServiceGrpc;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.AlertServiceGrpc;
import dev.vantage.proto.v1.GetStatusRequest;
import dev.vantage.proto.v1.MonitorRef;
import dev.vantage.proto.v1.SubscribeRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Who may call what: tokens and roles on the admin and alert APIs, through the CLI and raw gRPC. */
class TokenAuthTest {
    private static final String UNAUTHENTICATED = "error: missing or invalid token; pass one with VANTAGE_TOKEN or --token-file FILE"
            + " (vantage token create makes one)\n";
    @TempDir
    Path dir;
    private Cluster cluster;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        if (cluster != null) {
            cluster.close();
        }
    }

    private Cli admin() {
        return cluster.cli();
    }

    private Cli as(String token) {
        return Cli.withToken(server(), token);
    }

    private String server() {
        return "127.0.0.1:" + cluster.port();
    }

    /** Creates a token through the CLI and returns its secret. */
    private String token(String name, String role) {
        Cli.Run made = admin().run("token", "create", "--name", name, "--role", role, "--json");
        assertThat(made.exit()).as(made.toString()).isZero();
        return made.json().get("secret").asText();
    }

    private void createMonitor(Cli cli, String name) {
        Cli.Run r = cli.run("monitor", "create", "--name", name, "--host", "127.0.0.1", "--port", "80", "--interval", "60s", "--timeout", "5s");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private AdminServiceGrpc.AdminServiceBlockingStub adminStub(String token) {
        return AdminServiceGrpc.newBlockingStub(channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private ManagedChannel channel() {
        ManagedChannel c = ManagedChannelBuilder.forAddress("127.0.0.1", cluster.port()).usePlaintext().build();
        channels.add(c);
        return c;
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        return headers;
    }

    @Test
    void withoutAValidTokenNothingIsServedAndTheMessageSaysHowToPassOne() {
        cluster = new Cluster(dir, List.of("eu-west"));
        String revoked = token("old", "read");
        assertThat(admin().run("token", "revoke", "old").exit()).isZero();

        for (Cli cli : List.of(new Cli(server()), as("vt_wrong"), as(revoked))) {
            Cli.Run status = cli.run("status");
            assertThat(status.exit()).as(status.toString()).isEqualTo(2);
            assertThat(status.err()).isEqualTo(UNAUTHENTICATED);
            assertThat(status.out()).isEmpty();
        }
        for (String token : new String[] {null, "vt_wrong", revoked}) {
            assertThatThrownBy(() -> adminStub(token).getStatus(GetStatusRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
        assertThat(adminStub(cluster.adminToken()).getStatus(GetStatusRequest.getDefaultInstance()).getMonitorsList()).isEmpty();
    }

    @Test
    void aReadTokenLooksButCannotChangeAndTheMessageNamesBothRoles() {
        cluster = new Cluster(dir, List.of("eu-west"));
        createMonitor(admin(), "web");
        String secret = token("viewer", "read");
        Cli reader = as(secret);

        assertThat(reader.run("monitor", "list").exit()).isZero();
        assertThat(reader.run("alerts", "list").exit()).isZero();
        Cli.Run create = reader.run("monitor", "create", "--name", "x", "--host", "127.0.0.1", "--port", "80");
        Cli.Run pause = reader.run("monitor", "pause", "web");
        Cli.Run tokens = reader.run("token", "list");

        assertThat(create.exit()).isEqualTo(2);
        assertThat(create.err()).isEqualTo("error: token 'viewer' has role read; CreateMonitor needs role admin\n");
        assertThat(pause.exit()).isEqualTo(2);
        assertThat(pause.err()).isEqualTo("error: token 'viewer' has role read; SetPaused needs role operate\n");
        assertThat(tokens.exit()).isEqualTo(2);
        assertThat(tokens.err()).isEqualTo("error: token 'viewer' has role read; ListTokens needs role admin\n");
        assertThatThrownBy(() -> adminStub(secret).deleteMonitor(MonitorRef.newBuilder().setRef("web").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(admin().run("monitor", "show", "web").exit()).isZero();
    }

    @Test
    void anOperateTokenPausesAndChangesBlackoutsButNotTheMonitor() {
        cluster = new Cluster(dir, List.of("eu-west"));
        createMonitor(admin(), "web");
        Cli operator = as(token("oncall", "operate"));

        Cli.Run pause = operator.run("monitor", "pause", "web");
        Cli.Run blackout = operator.run("monitor", "update", "web", "--blackout", "weekly sat 02:00-04:00 UTC stop-alerting");
        Cli.Run port = operator.run("monitor", "update", "web", "--port", "81");
        Cli.Run create = operator.run("monitor", "create", "--name", "x", "--host", "127.0.0.1", "--port", "80");

        assertThat(pause.exit()).as(pause.toString()).isZero();
        assertThat(blackout.exit()).as(blackout.toString()).isZero();
        assertThat(port.exit()).isEqualTo(2);
        assertThat(port.err()).isEqualTo(
                "error: token 'oncall' has role operate; UpdateMonitor (changing more than blackouts) needs role admin\n");
        assertThat(create.exit()).isEqualTo(2);
        assertThat(create.err()).isEqualTo("error: token 'oncall' has role operate; CreateMonitor needs role admin\n");
        assertThat(admin().run("monitor", "show", "web", "--json").json().get("port").asInt()).isEqualTo(80);
    }

    @Test
    void theAlertStreamNeedsAReadToken() {
        cluster = new Cluster(dir, List.of("eu-west"));
        String reader = token("viewer", "read");

        Iterator<AlertEvent> none = AlertServiceGrpc.newBlockingStub(channel()).subscribe(SubscribeRequest.getDefaultInstance());
        assertThatThrownBy(none::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).startsWith("missing or invalid token");
        });
        // Let in, the stream stays open with nothing to send: it ends only by our deadline.
        Iterator<AlertEvent> read = AlertServiceGrpc.newBlockingStub(channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(reader)))
                .withDeadlineAfter(1, TimeUnit.SECONDS).subscribe(SubscribeRequest.getDefaultInstance());
        assertThatThrownBy(read::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        Cli.Run watch = new Cli(server()).run("alerts", "watch", "--count", "1");
        assertThat(watch.exit()).isEqualTo(2);
        assertThat(watch.err()).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void tokenCreatePrintsTheSecretOnceAndListNeverShowsIt() {
        cluster = new Cluster(dir, List.of("eu-west"));

        Cli.Run json = admin().run("token", "create", "--name", "ci", "--role", "operate", "--json");
        Cli.Run table = admin().run("token", "create", "--name", "ci-2", "--role", "read");
        Cli.Run usesCi = as(json.json().get("secret").asText()).run("status");
        Cli.Run list = admin().run("token", "list");
        Cli.Run listJson = admin().run("token", "list", "--json");

        JsonNode made = json.json();
        assertThat(made.fieldNames()).toIterable().containsExactly("name", "role", "secret");
        assertThat(made.get("name").asText()).isEqualTo("ci");
        assertThat(made.get("role").asText()).isEqualTo("operate");
        String secret = made.get("secret").asText();
        assertThat(secret).matches("vt_[A-Za-z0-9_-]{43}");
        assertThat(usesCi.exit()).as(usesCi.toString()).isZero();

        assertThat(table.out().lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("created token ci-2 (role read)");
            assertThat(lines.get(1)).matches("vt_[A-Za-z0-9_-]{43}");
            assertThat(lines.get(2)).startsWith("this secret will not be shown again;");
        });

        assertThat(list.out().lines().toList()).hasSize(4).satisfies(lines -> {
            assertThat(lines.get(0)).matches("NAME +ROLE +CREATED +LAST USED");
            assertThat(lines.get(1)).matches("admin +admin +\\S+Z +\\d+s ago");
            assertThat(lines.get(2)).matches("ci +operate +\\S+Z +\\d+s ago");
            assertThat(lines.get(3)).matches("ci-2 +read +\\S+Z +never");
        });
        assertThat(list.out() + listJson.out()).doesNotContain("vt_");
        for (JsonNode t : listJson.json()) {
            assertThat(t.fieldNames()).toIterable().containsExactly("name", "role", "created_at", "last_used_at");
        }
    }

    @Test
    void tokenNamesAreUniqueAndRevokingAnUnknownOneIsNotFound() {
        cluster = new Cluster(dir, List.of("eu-west"));
        token("ci", "read");

        Cli.Run again = admin().run("token", "create", "--name", "ci", "--role", "admin");
        Cli.Run badRole = admin().run("token", "create", "--name", "x", "--role", "root");
        Cli.Run unknown = admin().run("token", "revoke", "nope");

        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("error: name: a token named 'ci' already exists; pick another name\n");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).isEqualTo("error: role: must be one of read, operate, admin\n");
        assertThat(unknown.exit()).isEqualTo(4);
        assertThat(unknown.err()).isEqualTo("error: name: no valid token named 'nope'; vantage token list shows them\n");
    }

    @Test
    void theInitialTokenFileIsTheOwnersOnlyAndAFileAlreadyThereIsNeverOverwritten() throws Exception {
        cluster = new Cluster(dir, List.of("eu-west"));
        Path file = cluster.adminTokenFile();

        assertThat(cluster.coordinator().initialTokenFile()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).matches("vt_[A-Za-z0-9_-]{43}\n");
        assertThat(admin().run("status").exit()).isZero();
        assertThat(new Cli(server()).run("status", "--token-file", file.toString()).exit()).isZero();

        cluster.stopCoordinator();
        cluster.startCoordinator();
        assertThat(cluster.coordinator().initialTokenFile()).as("tokens exist: none made").isEmpty();

        CoordinatorConfig fresh = cluster.coordinator().config().withListen("127.0.0.1", 0)
                .withStoreUrl("jdbc:sqlite:" + dir.resolve("other/vantage.db"));
        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("other/admin.token"), "keep me\n");
        cluster.stopCoordinator();
        assertThatThrownBy(() -> Coordinator.start(fresh)).hasMessageStartingWith(
                "admin.initial_token_file: " + dir.resolve("other/admin.token") + " exists already but the store has no tokens");
        assertThat(Files.readString(dir.resolve("other/admin.token"))).isEqualTo("keep me\n");
        cluster.startCoordinator();
    }

    @Test
    void anUnreadableTokenFileIsAUsageError() {
        cluster = new Cluster(dir, List.of("eu-west"));

        Cli.Run run = new Cli(server()).run("status", "--token-file", dir.resolve("missing").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: token-file: cannot read " + dir.resolve("missing")
                + " (no such file); give a file that holds a token, e.g. the coordinator's admin.token\n");
    }

    @Test
    void aTokenOverItsRateLimitIsToldToSlowDown() {
        Properties settings = new Properties();
        settings.setProperty("admin.rate_limit", "1/s burst 2");
        cluster = new Cluster(dir, List.of("eu-west"), settings);

        List<Cli.Run> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(admin().run("monitor", "list"));
        }

        assertThat(runs).filteredOn(r -> r.exit() != 0).isNotEmpty().allSatisfy(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("error: token 'admin' exceeded 1 calls/s; slow down\n");
        });
    }

    @Test
    void everyChangeIsLoggedWithTheTokensName() {
        cluster = new Cluster(dir, List.of("eu-west"));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(AdminServiceImpl.class);
        logs.start();
        logger.addAppender(logs);
        try {
            Cli operator = as(token("oncall", "operate"));
            createMonitor(admin(), "web");
            operator.run("monitor", "pause", "web");
            admin().run("monitor", "delete", "web");
            admin().run("token", "revoke", "oncall");
        } finally {
            logger.detachAppender(logs);
        }

        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "admin call=CreateToken token=admin name=oncall role=operate",
                "admin call=CreateMonitor token=admin monitor=web id=1",
                "admin call=SetPaused token=oncall monitor=web id=1 paused=true",
                "admin call=DeleteMonitor token=admin monitor=web id=1",
                "admin call=RevokeToken token=admin name=oncall role=operate");
    }
}
