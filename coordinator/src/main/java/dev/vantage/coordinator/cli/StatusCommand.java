package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.Views.ResultView;
import dev.vantage.coordinator.cli.Views.StatusView;
import dev.vantage.proto.v1.GetStatusRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vantage status}: every monitor's state and the newest result of each of its locations. */
@Command(name = "status", description = "Show every monitor's state (UP, WARNING, DOWN, UNKNOWN, PAUSED, BLACKOUT) "
        + "and the newest result from each location.")
public final class StatusCommand implements Callable<Integer> {
    private static final List<ResultColumn> COLUMNS = List.of(ResultColumn.LOCATION, ResultColumn.CODE, ResultColumn.STATUS,
            ResultColumn.REASON, ResultColumn.CONNECT_MS, ResultColumn.AGE);

    @Mixin
    private AdminOptions admin;

    @Override
    public Integer call() {
        List<StatusView> monitors;
        try (AdminClient client = admin.connect()) {
            monitors = client.call(stub -> stub.getStatus(GetStatusRequest.getDefaultInstance()))
                    .getMonitorsList().stream().map(Views::status).toList();
        }
        if (admin.json()) {
            JsonOutput.document(admin.out(), monitors);
            return ExitCodes.OK;
        }
        if (monitors.isEmpty()) {
            admin.out().println("no monitors yet; add one with: vantage monitor create --name NAME --host HOST --port PORT");
            admin.out().flush();
            return ExitCodes.OK;
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
        return ExitCodes.OK;
    }

    /** "web: DOWN since 2026-11-26 12:00:03Z, incident 7-1764158403000; failing: us-east refused at 12:00:03Z" */
    private static Optional<String> details(StatusView s) {
        if (s.failingLocations().isEmpty() && s.blackoutUntil() == null && s.incidentId().isEmpty()) {
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
        return Optional.of(b.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
