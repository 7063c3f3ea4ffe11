package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.Views.ResultView;
import dev.vantage.coordinator.cli.Views.StatusView;
import dev.vantage.proto.v1.GetStatusRequest;
import dev.vantage.proto.v1.GetStatusResponse;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vantage status}: every monitor's state and the newest result of each of its locations. */
@Command(name = "status", description = "Show every monitor's state (UP, WARNING, DOWN, UNKNOWN, PAUSED, BLACKOUT) "
        + "and the newest result from each location.")
final class StatusCommand implements Callable<Integer> {
    private static final List<ResultColumn> COLUMNS = List.of(ResultColumn.LOCATION, ResultColumn.CODE, ResultColumn.STATUS,
            ResultColumn.REASON, ResultColumn.CONNECT_MS, ResultColumn.AGE);

    /** Clears a terminal and puts the cursor home, so the next table is drawn over the last one. */
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Mixin
    private AdminOptions admin;

    @Option(names = "--watch", description = "Show it again every --interval until interrupted (Ctrl-C): on a terminal in place, "
            + "otherwise one table after another with a blank line between.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "With --watch: how often (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero()) {
            throw new CliFailure(ExitCodes.USAGE, "interval: must be longer than 0, got " + Durations.format(interval));
        }
        try (AdminClient client = admin.connect()) {
            show(fetch(client));
            while (watch && !admin.outputClosed()) {
                Optional<Snapshot> next = next(client);
                if (next.isEmpty()) {
                    break;
                }
                Snapshot monitors = next.get();
                if (admin.terminal()) {
                    admin.out().print(CLEAR_SCREEN);
                } else {
                    admin.out().println();
                }
                show(monitors);
            }
        }
        return ExitCodes.OK;
    }

    /** The status after another --interval; empty once interrupted (Ctrl-C ends the process; tests interrupt the thread). */
    private Optional<Snapshot> next(AdminClient client) {
        try {
            Thread.sleep(interval.toMillis());
            return Optional.of(fetch(client));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (CliFailure e) {
            if (Thread.currentThread().isInterrupted()) {
                return Optional.empty(); // the call was cancelled by the interrupt, not refused by the coordinator
            }
            throw e;
        }
    }

    /** What one call answered: the monitors, and a warning while results do not reach the store. */
    private record Snapshot(List<StatusView> monitors, Optional<String> store) {
    }

    private static Snapshot fetch(AdminClient client) {
        GetStatusResponse r = client.call(stub -> stub.getStatus(GetStatusRequest.getDefaultInstance()));
        return new Snapshot(r.getMonitorsList().stream().map(Views::status).toList(), Views.storeWarning(r.getStore()));
    }

    private void show(Snapshot snapshot) {
        List<StatusView> monitors = snapshot.monitors();
        if (admin.json()) {
            // The document stays a list of monitors; the warning goes beside it, where a script's log sees it.
            snapshot.store().ifPresent(w -> {
                admin.err().println("warning: " + w);
                admin.err().flush();
            });
            JsonOutput.document(admin.out(), monitors);
            return;
        }
        snapshot.store().ifPresent(admin.out()::println);
        if (monitors.isEmpty()) {
            admin.out().println("no monitors yet; add one with: vantage monitor create --name NAME --host HOST --port PORT");
            admin.out().flush();
            return;
        }
        List<String> headers = new ArrayList<>(List.of("MONITOR", "STATE", "TARGET"));
        headers.addAll(ResultColumn.headers(COLUMNS));
        Table table = new Table(headers);
        Instant now = admin.clock().instant();
        for (StatusView s : monitors) {
            List<String> monitor = List.of(s.monitor().name(), s.state(), s.monitor().target());
            if (s.lastResults().isEmpty()) {
                table.add(concat(monitor, ResultColumn.dashes(COLUMNS)));
            }
            for (ResultView r : s.lastResults()) {
                table.add(concat(monitor, ResultColumn.cells(COLUMNS, r, now)));
            }
        }
        table.print(admin.out());
        for (StatusView s : monitors) {
            details(s).ifPresent(admin.out()::println);
            if (s.roundsSkipped() > 0) {
                admin.out().println(s.monitor().name() + ": rounds skipped: " + s.roundsSkipped()
                        + " (the previous round had not finished; see the coordinator's log)");
            }
        }
        admin.out().flush();
    }

    /**
     * "web: DOWN since 2026-11-26 12:00:03Z, incident 7-1764158403000; failing: us-east refused at 12:00:03Z"; for REGIONAL
     * each location's time is when it began failing; slow locations follow as "; slow: eu-west 412.000ms at 12:00:03Z".
     */
    private static Optional<String> details(StatusView s) {
        if (s.failingLocations().isEmpty() && s.blackoutUntil() == null && s.incidentId().isEmpty() && s.slowLocations().isEmpty()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(s.monitor().name()).append(": ").append(s.state());
        if (s.since() != null) {
            b.append(" since ").append(ResultColumn.Texts.time(s.since()));
        }
        if (!s.incidentId().isEmpty()) {
            b.append(", incident ").append(s.incidentId());
        }
        if (s.blackoutUntil() != null) {
            b.append(", blackout until ").append(ResultColumn.Texts.time(s.blackoutUntil()));
        }
        if (!s.failingLocations().isEmpty()) {
            b.append("; failing: ").append(s.failingLocations().stream()
                    .map(f -> f.location() + " " + f.reason() + " at " + ResultColumn.Texts.time(f.at()))
                    .collect(Collectors.joining(", ")));
        }
        if (!s.slowLocations().isEmpty()) {
            b.append("; slow: ").append(s.slowLocations().stream()
                    .map(c -> c.location() + " " + c.connectMs().toPlainString() + "ms at " + ResultColumn.Texts.time(c.at()))
                    .collect(Collectors.joining(", ")));
        }
        return Optional.of(b.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
