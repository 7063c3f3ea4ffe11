package dev.vantage.agent.cli;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import dev.vantage.agent.config.ResultBuffering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import dev.vantage.agent.probe.HostResolver;
import dev.vantage.common.config.HostPort;
import dev.vantage.common.config.PlaintextRule;
import dev.vantage.common.input.ValidationException;
import dev.vantage.common.net.AddressRule;
import dev.vantage.common.net.TargetPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent}: runs one agent until SIGTERM or SIGINT, then closes it cleanly.
 *
 * <pre>
 * vantage agent --location eu-west --coordinator coord.example.net:7443 [--agent-id ID]
 *               [--max-in-flight N] [--source-address A]... [--close rst|fin] [--resolve HOST=ADDRESS]...
 *               [--probe-priority normal|realtime] [--deny CIDR[:PORTS]]... [--tls-cert FILE --tls-key FILE --tls-ca FILE]
 *               [--http-listen HOST:PORT [--insecure-http]] [--result-buffer N] [--spill-dir DIR]
 * </pre>
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run a probing agent for one location, connected to the coordinator, until stopped.")
public final class AgentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--location", required = true, description = "The location this agent probes from, e.g. eu-west.")
    String location;

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:PORT", split = ",",
            description = "The coordinator's agent service; with a hot standby, every coordinator's address (repeatable, or "
                    + "comma-separated): the agent follows whichever is active.")
    List<String> coordinators = new ArrayList<>();

    @Option(names = "--agent-id", description = "Id to register as (default: hostname-location-pid).")
    String agentId;

    @Option(names = "--max-in-flight", defaultValue = "" + AgentConfig.DEFAULT_MAX_IN_FLIGHT,
            description = "Most probes at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--source-address", paramLabel = "ADDRESS",
            description = "An address probes leave from, as reported to users; repeatable (default: addresses of the interfaces that are up).")
    List<String> sourceAddresses = new ArrayList<>();

    @Option(names = "--close", defaultValue = "rst", paramLabel = "rst|fin",
            description = "Close probe connections with a reset (no TIME_WAIT) or politely with FIN (default: ${DEFAULT-VALUE}).")
    String close;

    @Option(names = "--probe-priority", defaultValue = "normal", paramLabel = "normal|realtime",
            description = "Scheduling of the probe threads: realtime (SCHED_FIFO; needs CAP_SYS_NICE or LimitRTPRIO=10) keeps "
                    + "connect times of retransmitted SYNs accurate on a busy host (default: ${DEFAULT-VALUE}).")
    String probePriority;

    @Option(names = "--resolve", paramLabel = "HOST=ADDRESS", description = "Connect to ADDRESS when a monitor names HOST, "
            + "without asking DNS (like curl --resolve); repeatable. For pinning a name to one backend or checking a split-horizon view.")
    Map<String, String> resolve = new LinkedHashMap<>();

    @Option(names = "--deny", paramLabel = "CIDR[:PORTS]", description = "Never connect to these addresses, whatever the "
            + "coordinator allows: a CIDR or address, optionally with a port or range (10.0.0.0/8, 10.0.0.0/8:22, [fd00::/8]:1-1023); "
            + "repeatable, or comma-separated. Applies on top of the coordinator's targets.deny and targets.allow.")
    List<String> deny = new ArrayList<>();
    @Option(names = "--http-listen", paramLabel = "HOST:PORT", description = "Serve /metrics (Prometheus) and /healthz here; "
            + "off by default. HTTPS with --tls-cert when given; without TLS only on loopback (e.g. 127.0.0.1:7481) unless "
            + "--insecure-http. It has no tokens: keep it on loopback or a monitoring network.")
    String httpListen;

    @Option(names = "--insecure-http", description = "Allow --http-listen on a non-loopback address without TLS (plain HTTP): "
            + "only on an isolated network.")
    boolean insecureHttp;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "This agent's certificate (PEM; from vantage certs issue), "
            + "naming its location. With --tls-key and --tls-ca: talk TLS to the coordinator.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PEM).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "The CA that signed the coordinator's certificate (PEM).")
    Path tlsCa;

    @Option(names = "--result-buffer", paramLabel = "N", defaultValue = "" + ResultBuffering.DEFAULT_CAPACITY,
            description = "Most results kept until the coordinator acknowledges them as stored; they are sent again after any "
                    + "reconnect. Past it the oldest is dropped and logged (default: ${DEFAULT-VALUE}).")
    int resultBuffer;

    @Option(names = "--spill-dir", paramLabel = "DIR", description = "Also keep results not yet acknowledged in this directory "
            + "(one per agent), so that an agent restart keeps them too; off by default.")
    Path spillDir;

    public static void main(String[] args) {
        Options.useAgentLogging();
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }

    /** The configuration these options describe. */
    AgentConfig config() {
        List<String> addresses = new ArrayList<>();
        for (String coordinator : coordinators) {
            try {
                addresses.add(HostPort.parse(coordinator.strip()).toString());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--coordinator: " + e.getMessage());
            }
        }
        if (location.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--location: must not be empty, e.g. --location eu-west");
        }
        if (agentId != null && agentId.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--agent-id: must not be empty; leave it out for the default");
        }
        Options.atLeast(spec, "--max-in-flight", maxInFlight, 1);
        Options.atLeast(spec, "--result-buffer", resultBuffer, 1);
        try {
            HostResolver.pinned(resolve, HostResolver.SYSTEM);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<AddressRule> denyRules = new ArrayList<>();
        for (String d : deny) {
            try {
                denyRules.addAll(TargetPolicy.parseRules(d));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--deny: " + e.getMessage());
            }
        }
        AgentConfig config = AgentConfig.of(location, String.join(",", addresses))
                .withAgentId(agentId == null ? AgentConfig.defaultAgentId(location) : agentId)
                .withMaxInFlight(maxInFlight)
                .withSourceAddresses(sourceAddresses)
                .withCloseMode(Options.closeMode(spec, close))
                .withResolve(resolve)
                .withProbePriority(Options.probePriority(spec, probePriority))
                .withDeny(denyRules)
                .withBuffering(new ResultBuffering(resultBuffer, Optional.ofNullable(spillDir)));
        return tls().map(config::withTls).orElse(config);
    }

    /** The address of --http-listen; plain HTTP beyond loopback only by choice, the rule of the coordinator's ports. */
    private Optional<HostPort> httpListen(AgentConfig config) {
        if (httpListen == null) {
            return Optional.empty();
        }
        try {
            HostPort address = HostPort.parseBindable(httpListen);
            new PlaintextRule(config.tls().isPresent(), insecureHttp).require("--http-listen", address, "give --tls-cert, --tls-key "
                    + "and --tls-ca to serve HTTPS, bind it to loopback (e.g. 127.0.0.1:7481), or --insecure-http on an isolated network");
            return Optional.of(address);
        } catch (ValidationException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--http-listen: " + e.getMessage());
        }
    }

    /** All three TLS files or none: half a TLS setup is a mistake, not a choice of plaintext. */
    private Optional<AgentTls> tls() {
        if (tlsCert == null && tlsKey == null && tlsCa == null) {
            return Optional.empty();
        }
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("--tls-cert", tlsCert);
        files.put("--tls-key", tlsKey);
        files.put("--tls-ca", tlsCa);
        files.forEach((option, file) -> {
            if (file == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), option
                        + ": missing; TLS needs --tls-cert, --tls-key and --tls-ca together (see vantage certs init)");
            }
            if (!Files.isReadable(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": cannot read " + file);
            }
        });
        return Optional.of(new AgentTls(tlsCert, tlsKey, tlsCa));
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig config = config();
        Optional<HostPort> http = httpListen(config);
        Agent agent = Agent.start(config);
        if (http.isPresent()) {
            try {
                agent.serveHttp(http.get());
            } catch (IOException e) {
                agent.close();
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--http-listen: cannot listen on " + http.get() + ": " + e.getMessage() + "; pick a free port or leave it out");
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "vantage-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return 0;
    }
}
