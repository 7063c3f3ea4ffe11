package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.Views.ResultView;
import dev.vantage.coordinator.cli.Views.StatusView;
import dev.vantage.proto.v1.GetStatusRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
        return ExitCodes.OK;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
