package dev.vantage.coordinator.cli;

import dev.vantage.common.time.Durations;
import dev.vantage.proto.v1.GetReportRequest;
import dev.vantage.proto.v1.LocationReport;
import dev.vantage.proto.v1.MonitorReport;
import dev.vantage.proto.v1.MonitorRef;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vantage report NAME|ID|--all --period 24h|7d|30d|365d}: availability over a period, as a table, JSON or CSV. */
@Command(name = "report", description = {
        "Show availability over a period: uptime, incidents, downtime, time to recovery, connect times per location.",
        "Uptime counts scheduled rounds: per location, connected / (connected + failed); overall, the rounds not during an incident"
                + " among those with a verdict. Rounds where no agent was available and time without rounds are shown apart, never as up or down.",
        "Whole hours are read from hourly rollups: every figure is as from the results, percentiles within 1 %%."})
final class ReportCommand implements Callable<Integer> {
    /** As far back as hourly rollups are kept by default (results.rollup_retention): a year and a month. */
    private static final Duration LONGEST = Duration.ofDays(400);
    private static final List<String> HEADERS = List.of("MONITOR", "LOCATION", "UPTIME", "ROUNDS", "DOWN", "NO AGENT", "INCIDENTS",
            "DOWNTIME", "LONGEST", "MTTR", "UNMONITORED", "P50 MS", "P95 MS", "P99 MS");
    private static final String CSV_HEADER = "monitor,location,uptime_percent,rounds,down,no_agent,incidents,downtime_ms,"
            + "longest_downtime_ms,mttr_ms,unmonitored_ms,p50_ms,p95_ms,p99_ms";

    @Mixin
    private AdminOptions admin;

    @Parameters(paramLabel = "NAME|ID", arity = "0..1", description = "The monitor's name or id.")
    private String ref;

    @Option(names = "--all", description = "Every monitor.")
    private boolean all;

    @Option(names = "--period", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "24h",
            description = "How far back from now, at most 400d (default: ${DEFAULT-VALUE}), e.g. 24h, 7d, 30d, 365d.")
    private Duration period;

    @Option(names = "--csv", description = "Print CSV: one row per monitor (location empty), then one per location.")
    private boolean csv;

    /** What {@code --json} prints for one monitor; absent figures are null. */
    record ReportView(String monitor, Instant since, Instant until, BigDecimal uptimePercent, long rounds, long downRounds, long noAgentRounds,
                      int incidents, long downtimeMs, long longestDowntimeMs, Long mttrMs, long unmonitoredMs, long coordinatorUnavailableMs,
                      List<LocationView> locations) {
    }

    /** One location of a {@link ReportView}. */
    record LocationView(String location, BigDecimal uptimePercent, long connected, long failed, long noAgent,
                        BigDecimal p50Ms, BigDecimal p95Ms, BigDecimal p99Ms) {
    }

    @Override
    public Integer call() {
        if ((ref == null) == !all) {
            throw new CliFailure(ExitCodes.USAGE, "monitor: give a monitor's NAME|ID or --all, not " + (all ? "both" : "neither"));
        }
        if (period.isZero() || period.compareTo(LONGEST) > 0) {
            throw new CliFailure(ExitCodes.USAGE, "--period: must be more than 0s and at most " + Durations.format(LONGEST) + ", got " + Durations.format(period));
        }
        if (csv && admin.json()) {
            throw new CliFailure(ExitCodes.USAGE, "--csv: cannot be combined with --json; choose one");
        }
        GetReportRequest.Builder request = GetReportRequest.newBuilder()
                .setSinceUnixMs(admin.clock().instant().minus(period).toEpochMilli());
        if (all) {
            request.setAll(true);
        } else {
            request.setMonitor(MonitorRef.newBuilder().setRef(ref));
        }
        List<ReportView> reports;
        try (AdminClient client = admin.connect()) {
            reports = client.call(stub -> stub.getReport(request.build())).getReportsList().stream().map(ReportCommand::view).toList();
        }
        PrintWriter out = admin.out();
        if (admin.json()) {
            JsonOutput.document(out, reports);
        } else if (csv) {
            out.println(CSV_HEADER);
            rows(reports, false).forEach(r -> out.println(String.join(",", r)));
            out.flush();
        } else if (reports.isEmpty()) {
            out.println("no monitors");
            out.flush();
        } else {
            Table table = new Table(HEADERS);
            rows(reports, true).forEach(table::add);
            table.print(out);
        }
        return ExitCodes.OK;
    }

    /**
     * One row per monitor, then one per location. The table writes "all" on the monitor's row, "-" for an absent figure,
     * durations as people read them and a % sign; CSV an empty cell, milliseconds and the bare number.
     */
    private static List<List<String>> rows(List<ReportView> reports, boolean table) {
        String overall = table ? "all" : "";
        String none = table ? "-" : "";
        Function<Object, String> cell = String::valueOf;
        List<List<String>> rows = new ArrayList<>();
        for (ReportView r : reports) {
            rows.add(List.of(r.monitor(), overall, percent(r.uptimePercent(), table, none), cell.apply(r.rounds()), cell.apply(r.downRounds()),
                    cell.apply(r.noAgentRounds()), cell.apply(r.incidents()), duration(r.downtimeMs(), table), duration(r.longestDowntimeMs(), table),
                    r.mttrMs() == null ? none : duration(r.mttrMs(), table), duration(r.unmonitoredMs(), table), none, none, none));
            for (LocationView l : r.locations()) {
                rows.add(List.of(r.monitor(), l.location(), percent(l.uptimePercent(), table, none), cell.apply(l.connected() + l.failed()),
                        cell.apply(l.failed()), cell.apply(l.noAgent()), none, none, none, none, none,
                        l.p50Ms() == null ? none : l.p50Ms().toPlainString(), l.p95Ms() == null ? none : l.p95Ms().toPlainString(),
                        l.p99Ms() == null ? none : l.p99Ms().toPlainString()));
            }
        }
        return rows;
    }

    private static String percent(BigDecimal p, boolean table, String none) {
        return p == null ? none : p.toPlainString() + (table ? "%" : "");
    }

    /** The table writes durations as people read them ({@code 1h2m}); CSV in milliseconds. */
    private static String duration(long ms, boolean table) {
        return table ? Durations.rounded(Duration.ofMillis(ms)) : Long.toString(ms);
    }

    private static ReportView view(MonitorReport r) {
        return new ReportView(r.getMonitor(), Instant.ofEpochMilli(r.getSinceUnixMs()), Instant.ofEpochMilli(r.getUntilUnixMs()),
                r.hasUptimePercent() ? percent(r.getUptimePercent()) : null, r.getRounds(), r.getDownRounds(), r.getNoAgentRounds(),
                r.getIncidents(), r.getDowntimeMs(), r.getLongestDowntimeMs(), r.hasMttrMs() ? r.getMttrMs() : null, r.getUnmonitoredMs(),
                r.getCoordinatorUnavailableMs(), r.getLocationsList().stream().map(ReportCommand::view).toList());
    }

    private static LocationView view(LocationReport l) {
        return new LocationView(l.getLocation(), l.hasUptimePercent() ? percent(l.getUptimePercent()) : null, l.getConnected(), l.getFailed(),
                l.getNoAgent(), l.hasP50Nanos() ? millis(l.getP50Nanos()) : null, l.hasP95Nanos() ? millis(l.getP95Nanos()) : null,
                l.hasP99Nanos() ? millis(l.getP99Nanos()) : null);
    }

    /** Three decimals: 99.931, enough to tell 99.9 % from 99.95 % over 30 days of 10-second rounds. */
    private static BigDecimal percent(double p) {
        return BigDecimal.valueOf(p).setScale(3, RoundingMode.HALF_UP);
    }

    private static BigDecimal millis(long nanos) {
        return BigDecimal.valueOf(nanos, 6).setScale(3, RoundingMode.HALF_UP);
    }
}
