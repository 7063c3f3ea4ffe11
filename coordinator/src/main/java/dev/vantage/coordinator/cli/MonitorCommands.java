package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.Views.MonitorView;
import dev.vantage.coordinator.cli.Views.PolicyView;
import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.time.Durations;
import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.ListMonitorsRequest;
import dev.vantage.proto.v1.LocationList;
import dev.vantage.proto.v1.MonitorRef;
import dev.vantage.proto.v1.PolicySettings;
import dev.vantage.proto.v1.SetPausedRequest;
import dev.vantage.proto.v1.UpdateMonitorRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vantage monitor ...}: define, inspect, change and remove monitors. */
@Command(name = "monitor", description = "Create, list, show, change, pause, resume and delete monitors.",
        subcommands = {
                MonitorCommands.Create.class,
                MonitorCommands.ListMonitors.class,
                MonitorCommands.Show.class,
                MonitorCommands.Update.class,
                MonitorCommands.Delete.class,
                MonitorCommands.Pause.class,
                MonitorCommands.Resume.class,
        })
final class MonitorCommands extends CommandGroup {
    private static final String REF = "NAME|ID";


    @Command(name = "create", description = "Create a monitor; it is probed from its locations every interval.")
    static final class Create implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Option(names = "--name", required = true, description = "A unique name: letters, digits, '.', '_' or '-'.")
        private String name;

        @Option(names = "--host", required = true, description = "Host name or IP address to connect to.")
        private String host;

        @Option(names = "--port", required = true, description = "TCP port, 1-65535.")
        private int port;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
                description = "How often to probe, 10s-24h (default: ${DEFAULT-VALUE}).")
        private Duration interval;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
                description = "How long a connect may take, 1s-120s and shorter than the interval (default: ${DEFAULT-VALUE}).")
        private Duration timeout;

        @Option(names = "--locations", paramLabel = "LOCATION", split = ",",
                description = "Where to probe from, comma-separated (default: the coordinator's default locations).")
        private List<String> locations = new ArrayList<>();

        @Mixin
        private PolicyOptions policy;

        @Override
        public Integer call() {
            CreateMonitorRequest.Builder builder = CreateMonitorRequest.newBuilder()
                    .setName(name).setHost(host).setPort(checkedPort(port))
                    .setIntervalMs(interval.toMillis()).setTimeoutMs(timeout.toMillis())
                    .addAllLocations(locations);
            policy.settings().ifPresent(builder::setPolicy);
            CreateMonitorRequest request = builder.build();
            try (AdminClient client = admin.connect()) {
                return printMonitor(admin, "created", Views.monitor(client.call(stub -> stub.createMonitor(request))));
            }
        }
    }

    @Command(name = "list", description = "List every monitor.")
    static final class ListMonitors implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Override
        public Integer call() {
            List<MonitorView> monitors;
            try (AdminClient client = admin.connect()) {
                monitors = client.call(stub -> stub.listMonitors(ListMonitorsRequest.getDefaultInstance()))
                        .getMonitorsList().stream().map(Views::monitor).toList();
            }
            if (admin.json()) {
                JsonOutput.document(admin.out(), monitors);
            } else if (monitors.isEmpty()) {
                admin.out().println("no monitors yet; add one with: vantage monitor create --name NAME --host HOST --port PORT");
            } else {
                Table table = new Table("ID", "NAME", "TARGET", "INTERVAL", "TIMEOUT", "LOCATIONS", "PAUSED");
                for (MonitorView m : monitors) {
                    table.add(Long.toString(m.id()), m.name(), m.target(), m.interval(), m.timeout(),
                            locations(m), m.paused() ? "yes" : "no");
                }
                table.print(admin.out());
            }
            return ExitCodes.OK;
        }
    }

    /** A command about one existing monitor: the admin options and the monitor's name or id. */
    abstract static class OneMonitor implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = REF, description = "The monitor's name or id.")
        String ref;
    }

    @Command(name = "show", description = "Show one monitor's definition.")
    static final class Show extends OneMonitor {
        @Override
        public Integer call() {
            try (AdminClient client = admin.connect()) {
                return printMonitor(admin, null, Views.monitor(client.call(stub -> stub.getMonitor(ref(ref)))));
            }
        }
    }

    @Command(name = "update", description = "Change a monitor; only the options given change.")
    static final class Update implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Parameters(paramLabel = REF, description = "The monitor's name or id.")
        private String ref;

        @Option(names = "--name", description = "A new name.")
        private String name;

        @Option(names = "--host", description = "A new host name or IP address.")
        private String host;

        @Option(names = "--port", description = "A new TCP port.")
        private Integer port;

        @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, description = "A new probe interval.")
        private Duration interval;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "A new connect timeout.")
        private Duration timeout;

        @Option(names = "--locations", paramLabel = "LOCATION", split = ",", description = "Replace the locations, comma-separated.")
        private List<String> locations;

        @Mixin
        private PolicyOptions policy;

        @Override
        public Integer call() {
            Optional<PolicySettings> policySettings = policy.settings();
            if (name == null && host == null && port == null && interval == null && timeout == null && locations == null
                    && policySettings.isEmpty()) {
                throw new CliFailure(ExitCodes.USAGE, "nothing to change; give at least one of --name, --host, --port, --interval, "
                        + "--timeout, --locations or a policy option (--mode, --start-notify, --notify, --blackout, …)");
            }
            UpdateMonitorRequest.Builder request = UpdateMonitorRequest.newBuilder().setMonitor(ref(ref));
            policySettings.ifPresent(request::setPolicy);
            if (name != null) {
                request.setName(name);
            }
            if (host != null) {
                request.setHost(host);
            }
            if (port != null) {
                request.setPort(checkedPort(port));
            }
            if (interval != null) {
                request.setIntervalMs(interval.toMillis());
            }
            if (timeout != null) {
                request.setTimeoutMs(timeout.toMillis());
            }
            if (locations != null) {
                request.setLocations(LocationList.newBuilder().addAllNames(locations));
            }
            try (AdminClient client = admin.connect()) {
                return printMonitor(admin, "updated", Views.monitor(client.call(stub -> stub.updateMonitor(request.build()))));
            }
        }
    }

    @Command(name = "delete", description = "Delete a monitor and its results.")
    static final class Delete extends OneMonitor {
        @Override
        public Integer call() {
            try (AdminClient client = admin.connect()) {
                return printMonitor(admin, "deleted", Views.monitor(client.call(stub -> stub.deleteMonitor(ref(ref))).getDeleted()));
            }
        }
    }

    @Command(name = "pause", description = "Stop probing a monitor (and alerting on it) until it is resumed.")
    static final class Pause extends OneMonitor {
        @Override
        public Integer call() {
            return setPaused(admin, ref, true);
        }
    }

    @Command(name = "resume", description = "Probe a paused monitor again.")
    static final class Resume extends OneMonitor {
        @Override
        public Integer call() {
            return setPaused(admin, ref, false);
        }
    }

    private static int setPaused(AdminOptions admin, String ref, boolean paused) {
        SetPausedRequest request = SetPausedRequest.newBuilder().setMonitor(ref(ref)).setPaused(paused).build();
        try (AdminClient client = admin.connect()) {
            return printMonitor(admin, paused ? "paused" : "resumed", Views.monitor(client.call(stub -> stub.setPaused(request))));
        }
    }

    private static MonitorRef ref(String ref) {
        return MonitorRef.newBuilder().setRef(ref).build();
    }

    /** Negative numbers would wrap around in the unsigned wire field; the coordinator checks the upper bound. */
    private static int checkedPort(int port) {
        if (port < 0) {
            throw new CliFailure(ExitCodes.USAGE, "--port: must be between 1 and 65535, got " + port);
        }
        return port;
    }

    /** The monitor as JSON, or "<verb> monitor NAME (id N)" and its definition. */
    private static int printMonitor(AdminOptions admin, String verb, MonitorView m) {
        PrintWriter out = admin.out();
        if (admin.json()) {
            JsonOutput.document(out, m);
            return ExitCodes.OK;
        }
        if (verb != null) {
            out.println(verb + " monitor " + m.name() + " (id " + m.id() + ")");
        }
        Table table = new Table("", "")
                .add("id", Long.toString(m.id()))
                .add("name", m.name())
                .add("target", m.target())
                .add("interval", m.interval())
                .add("timeout", m.timeout())
                .add("locations", locations(m))
                .add("paused", m.paused() ? "yes" : "no")
                .add("created", ResultColumn.Texts.time(m.createdAt()))
                .add("updated", ResultColumn.Texts.time(m.updatedAt()));
        PolicyView p = m.policy();
        if (!p.mode().isEmpty()) {
            table.add("mode", p.describe())
                    .add("retry", p.localRetry() ? "yes (a failed probe is retried once from the same location)" : "no")
                    .add("alerts", alertRule(p))
                    .add("notify", p.channels().isEmpty() ? "default channels" : String.join(",", p.channels()));
            if (!p.retryInterval().isEmpty()) {
                table.add("retry-interval", p.retryInterval() + " while a location fails and no incident is open (at most "
                        + AlertPolicy.MAX_FASTER_ROUNDS + " rounds in a row)");
            }
            table.add("regional", regionalRule(p.signals()))
                    .add("slow", slowRule(p.signals()))
                    .add("flapping", flapRule(p.signals()));
            if (p.blackouts().isEmpty()) {
                table.add("blackouts", "none");
            }
            for (int i = 0; i < p.blackouts().size(); i++) {
                table.add(i == 0 ? "blackouts" : "", p.blackouts().get(i));
            }
        }
        table.print(out);
        return ExitCodes.OK;
    }

    /** "after 3 error rounds; at most 2 alerts, every 1m; clear: yes", or "when 3 of 5 rounds are errors; …" */
    private static String alertRule(PolicyView p) {
        return opens(p)
                + "; at most " + p.stopNotify() + " alert" + (p.stopNotify() == 1 ? "" : "s")
                + (p.remindEvery().isEmpty() ? "" : ", every " + p.remindEvery())
                + "; clear: " + (p.notifyOnClear() ? "yes" : "no");
    }

    private static String opens(PolicyView p) {
        if (p.alertWhen().isEmpty()) {
            return "after " + p.startNotify() + " error round" + (p.startNotify() == 1 ? "" : "s");
        }
        AlertWindow window = AlertWindow.parse(p.alertWhen());
        if (window instanceof AlertWindow.Rounds r) {
            return "when " + r.errors() + " of the latest " + r.rounds() + " rounds are errors";
        }
        AlertWindow.Time t = (AlertWindow.Time) window;
        return "when failing for " + Durations.format(t.failing()) + " within the latest " + Durations.format(t.window());
    }

    /** "after 3 rounds; alerted: no" */
    private static String regionalRule(Views.SignalsView s) {
        return s.regionalAfter() == 0 ? "off" : "after " + s.regionalAfter() + " round" + (s.regionalAfter() == 1 ? "" : "s")
                + "; alerted: " + (s.notifyRegional() ? "yes" : "no");
    }

    /** "connect over 200ms, after 2 rounds; alerted: yes" */
    private static String slowRule(Views.SignalsView s) {
        return s.warnConnectTime().isEmpty() ? "off" : "connect over " + s.warnConnectTime() + ", after " + s.warnAfter() + " round"
                + (s.warnAfter() == 1 ? "" : "s") + "; alerted: " + (s.notifySlow() ? "yes" : "no");
    }

    /** "more than 4 changes in 10m" */
    private static String flapRule(Views.SignalsView s) {
        return s.flapChanges() == 0 ? "off" : "more than " + s.flapChanges() + " changes in " + s.flapWindow();
    }

    private static String locations(MonitorView m) {
        return m.locations().isEmpty() ? "-" : String.join(",", m.locations());
    }
}
