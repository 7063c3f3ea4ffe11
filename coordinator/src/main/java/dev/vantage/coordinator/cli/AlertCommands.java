package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.Views.AlertView;
import dev.vantage.coordinator.cli.Views.FailureView;
import dev.vantage.coordinator.cli.Views.IncidentView;
import dev.vantage.proto.v1.ListAlertsRequest;
import dev.vantage.proto.v1.ListIncidentsRequest;
import dev.vantage.common.time.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vantage alerts ...}: follow the alert log as it grows, or read its history. */
@Command(name = "alerts", description = "Follow alerts as they are raised (watch) or list past ones.",
        subcommands = {AlertCommands.Watch.class, AlertCommands.ListAlerts.class})
final class AlertCommands extends CommandGroup {

    @Command(name = "watch", description = "Print each alert as the coordinator raises it, until interrupted. Starts after "
            + "--from-sequence (default 0: every stored alert first); reconnects from the last alert printed when the "
            + "connection breaks, so nothing is missed and nothing printed twice.")
    static final class Watch implements Callable<Integer> {
        /** Waits between reconnects: 250 ms doubling to 5 s. */
        private static final Duration RETRY_INITIAL = Duration.ofMillis(250);
        private static final Duration RETRY_MAX = Duration.ofSeconds(5);

        @Mixin
        private AdminOptions admin;

        @Option(names = "--from-sequence", paramLabel = "N", defaultValue = "0",
                description = "The last sequence already seen; only later alerts are printed (default: ${DEFAULT-VALUE}).")
        private long fromSequence;

        @Option(names = "--count", paramLabel = "N", description = "Stop after N alerts (default: never).")
        private Integer count;

        @Override
        public Integer call() throws InterruptedException {
            if (fromSequence < 0) {
                throw new CliFailure(ExitCodes.USAGE, "--from-sequence: must be 0 or more, got " + fromSequence);
            }
            if (count != null && count < 1) {
                throw new CliFailure(ExitCodes.USAGE, "--count: must be at least 1, got " + count);
            }
            AtomicLong last = new AtomicLong(fromSequence);
            AtomicLong printed = new AtomicLong();
            Table.Stream rows = admin.json() ? null : table().stream(admin.out(), 6, 8, 22, 16, 22, 9, 20);
            int failures = 0;
            while (count == null || printed.get() < count) {
                try (AdminClient client = admin.connect()) {
                    client.subscribe(last.get(), event -> {
                        AlertView a = Views.alert(event);
                        print(admin, rows, a);
                        last.set(a.sequence());
                        if (count != null && printed.incrementAndGet() >= count) {
                            throw new Done();
                        }
                    });
                    failures = 0;
                } catch (Done done) {
                    break;
                } catch (StatusRuntimeException e) {
                    failures++;
                    if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED || e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
                        throw new CliFailure(ExitCodes.USAGE, e.getStatus().getDescription()); // waiting will not fix the token
                    }
                    if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                        throw new CliFailure(ExitCodes.FAILED, "the server does not serve the Vantage alert API ("
                                + e.getStatus().getDescription() + "); is --server pointing at a coordinator of a matching version?");
                    }
                    Duration wait = RETRY_INITIAL.multipliedBy(1L << Math.min(failures - 1, 5));
                    wait = wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait;
                    admin.err().println("alert stream broke (" + e.getStatus().getCode() + "); reconnecting from sequence "
                            + last.get() + " in " + Durations.format(wait));
                    admin.err().flush();
                    Thread.sleep(wait.toMillis());
                }
            }
            return ExitCodes.OK;
        }

        private static void print(AdminOptions admin, Table.Stream rows, AlertView a) {
            if (rows == null) {
                JsonOutput.line(admin.out(), a);
            } else {
                rows.row(cells(a));
            }
        }

        /** Ends the stream once --count alerts were printed. */
        private static final class Done extends RuntimeException {
            Done() {
                super(null, null, false, false);
            }
        }
    }

    @Command(name = "list", description = "List past alerts, newest first.")
    static final class ListAlerts implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Option(names = "--monitor", paramLabel = "NAME|ID", description = "Only this monitor's alerts.")
        private String monitor;

        @Option(names = "--limit", paramLabel = "N", description = "At most N alerts (default: the coordinator's, 100).")
        private Integer limit;

        @Override
        public Integer call() {
            ListAlertsRequest.Builder request = ListAlertsRequest.newBuilder().setLimit(limit(limit));
            if (monitor != null) {
                request.setMonitor(monitor);
            }
            List<AlertView> alerts;
            try (AdminClient client = admin.connect()) {
                alerts = client.callAlerts(stub -> stub.listAlerts(request.build())).getAlertsList().stream().map(Views::alert).toList();
            }
            return print(admin, alerts, "no alerts" + (monitor == null ? "" : " for " + monitor), table(), AlertCommands::cells);
        }
    }

    /** {@code vantage incidents}: outages as their alerts tell them, newest first. */
    @Command(name = "incidents", description = "List incidents (outages that were alerted), newest first; open ones first show OPEN.")
    static final class Incidents implements Callable<Integer> {
        @Mixin
        private AdminOptions admin;

        @Parameters(arity = "0..1", paramLabel = "NAME|ID", description = "Only this monitor's incidents.")
        private String monitor;

        @Option(names = "--limit", paramLabel = "N", description = "At most N incidents (default: the coordinator's, 100).")
        private Integer limit;

        @Override
        public Integer call() {
            ListIncidentsRequest.Builder request = ListIncidentsRequest.newBuilder().setLimit(limit(limit));
            if (monitor != null) {
                request.setMonitor(monitor);
            }
            List<IncidentView> incidents;
            try (AdminClient client = admin.connect()) {
                incidents = client.callAlerts(stub -> stub.listIncidents(request.build())).getIncidentsList().stream()
                        .map(Views::incident).toList();
            }
            Table t = new Table("INCIDENT", "MONITOR", "TARGET", "STATE", "FIRST FAILURE", "CLEARED", "OUTAGE", "ALERTS", "FAILING",
                    "HAD FAILED");
            return print(admin, incidents, "no incidents" + (monitor == null ? "" : " for " + monitor), t, i -> List.of(
                    i.incidentId(), i.monitor(), i.target(), topic(i.topic()).toUpperCase(Locale.ROOT)
                            + (i.open() ? "OPEN" : "CLEARED (" + i.clearReason() + ")"),
                    ResultColumn.Texts.time(i.firstFailureAt()),
                    i.open() ? "-" : ResultColumn.Texts.time(i.clearedAt()), i.open() ? "-" : i.outage(),
                    Integer.toString(i.alertsRaised()), locations(i.failingLocations()), locations(i.failedLocations())));
        }
    }

    /** A list as JSON, as a table, or as a line saying it is empty. */
    private static <T> int print(AdminOptions admin, List<T> items, String none, Table table, Function<T, List<String>> cells) {
        PrintWriter out = admin.out();
        if (admin.json()) {
            JsonOutput.document(out, items);
        } else if (items.isEmpty()) {
            out.println(none);
            out.flush();
        } else {
            items.forEach(item -> table.add(cells.apply(item)));
            table.print(out);
        }
        return ExitCodes.OK;
    }

    private static int limit(Integer limit) {
        if (limit != null && limit < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--limit: must be at least 1, got " + limit);
        }
        return limit == null ? 0 : limit;
    }

    /** FAILING while the incident is open; a clear's locations are past failures, so they go under HAD FAILED. */
    private static Table table() {
        return new Table("SEQ", "KIND", "INCIDENT", "MONITOR", "TARGET", "CODE", "RAISED", "OUTAGE", "FAILING", "HAD FAILED");
    }

    private static List<String> cells(AlertView a) {
        String kind = topic(a.topic()) + a.kind().toLowerCase() + (a.reminderNumber() > 0 ? " " + a.reminderNumber() : "")
                + (a.clearReason() == null ? "" : " (" + a.clearReason() + ")");
        String slow = a.slowLocations().stream().map(c -> c.location() + " slow " + c.connectMs().toPlainString() + "ms")
                .collect(Collectors.joining(", "));
        boolean clear = a.outage() != null;
        return List.of(Long.toString(a.sequence()), kind, a.incidentId(), a.monitor(), a.target(), Integer.toString(a.statusCode()),
                ResultColumn.Texts.time(a.raisedAt()), a.outage() == null ? "-" : a.outage(),
                !clear && !slow.isEmpty() ? slow : locations(a.failingLocations()),
                clear && !slow.isEmpty() ? slow : locations(a.failedLocations()));
    }

    /** "regional " for an alert about REGIONAL, slow connects or FLAPPING; nothing for an outage. */
    private static String topic(String topic) {
        return topic.equals("outage") ? "" : topic + " ";
    }

    private static String locations(List<FailureView> failures) {
        return failures.isEmpty() ? "-" : failures.stream().map(f -> f.location() + " " + f.reason()).collect(Collectors.joining(", "));
    }
}
