package dev.vantage.coordinator;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.text.Redaction;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.tls.Hangup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vantage coordinator`: runs a coordinator until SIGTERM or Ctrl-C. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run a coordinator: the store, the scheduler and the gRPC server for agents and the admin CLI.")
public final class CoordinatorCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Coordinator settings (.properties; see deploy/config/coordinator.properties). Default: built-in defaults.")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Overrides `listen` from the config.")
    String listen;

    @Override
    public Integer call() throws InterruptedException {
        CoordinatorConfig c = config == null ? CoordinatorConfig.defaults() : CoordinatorConfig.load(config);
        if (listen != null) {
            HostPort hp;
            try {
                hp = HostPort.parseBindable(listen);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("--listen", e.getMessage());
            }
            c = c.withListen(hp.host(), hp.port());
        }
        Coordinator coordinator = Coordinator.start(c);
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::close, "vantage-shutdown"));
        if (c.tls().enabled()) {
            Hangup.onHangup(coordinator::reloadTls);
        }
        System.out.printf("coordinator listening on %s:%d (%s, store %s, locations %s)%n",
                c.listenHost(), coordinator.port(), c.tls().enabled() ? "TLS" : "plaintext", Redaction.url(c.storeUrl()), String.join(",", c.locations()));
        coordinator.initialTokenFile().ifPresent(file -> System.out.printf(
                "first admin token written to %s (readable by you only); use it with: export VANTAGE_TOKEN=$(cat %s)%n", file, file));
        coordinator.awaitTermination();
        // Lost the store lock: exit non-zero so the service manager restarts it, as a standby.
        return coordinator.lostLock() ? 1 : 0;
    }
}
