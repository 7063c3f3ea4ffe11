package dev.vantage.coordinator.cli;

import dev.vantage.coordinator.cli.Views.ResultView;
import dev.vantage.proto.v1.MonitorRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vantage test NAME|ID}: probe now from every location of the monitor, showing each result as it comes in. */
@Command(name = "test", description = {
        "Probe a monitor now from each of its locations and print each result as it arrives.",
        "Exits 0 when every location connected, 1 otherwise. With --json: one JSON object per line."})
final class TestCommand implements Callable<Integer> {
    /** Long enough for the slowest allowed connect timeout (120s) plus dispatch. */
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(150);
    private static final List<ResultColumn> COLUMNS = List.of(ResultColumn.LOCATION, ResultColumn.CODE, ResultColumn.STATUS,
            ResultColumn.REASON, ResultColumn.CONNECT_MS, ResultColumn.ADDRESS, ResultColumn.AGENT);

    @Mixin
    private AdminOptions admin;

    @Parameters(paramLabel = "NAME|ID", description = "The monitor's name or id.")
    private String ref;

    @Override
    public Integer call() {
        Table.Stream rows = new Table(ResultColumn.headers(COLUMNS)).stream(admin.out(), ResultColumn.widths(COLUMNS));
        int[] answered = {0};
        int[] connected = {0};
        try (AdminClient client = admin.connect(DEFAULT_DEADLINE)) {
            client.stream(stub -> stub.testMonitor(MonitorRef.newBuilder().setRef(ref).build()), result -> {
                ResultView view = Views.result(result);
                if (admin.json()) {
                    JsonOutput.line(admin.out(), view);
                } else {
                    rows.row(ResultColumn.cells(COLUMNS, view, admin.clock().instant()));
                }
                answered[0]++;
                connected[0] += view.connected() ? 1 : 0;
            });
        }
        if (answered[0] == 0) {
            admin.err().println("error: no location returned a result");
            admin.err().flush();
            return ExitCodes.NOT_CONNECTED;
        }
        if (!admin.json()) {
            admin.out().println(connected[0] == answered[0]
                    ? "all " + answered[0] + " locations connected"
                    : (answered[0] - connected[0]) + " of " + answered[0] + " locations did not connect");
            admin.out().flush();
        }
        return connected[0] == answered[0] ? ExitCodes.OK : ExitCodes.NOT_CONNECTED;
    }
}
