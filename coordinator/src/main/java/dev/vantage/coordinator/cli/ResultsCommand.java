package dev.vantage.coordinator.cli;

import dev.vantage.common.time.Durations;
import dev.vantage.coordinator.cli.Views.GapView;
import dev.vantage.coordinator.cli.Views.ResultView;
import dev.vantage.proto.v1.ListResultsResponse;
import dev.vantage.proto.v1.ListResultsRequest;
import dev.vantage.proto.v1.MonitorRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vantage results NAME|ID}: a monitor's result history, newest first. */
@Command(name = "results", description = "Show a monitor's results, newest first.")
final class ResultsCommand implements Callable<Integer> {
    private static final List<ResultColumn> COLUMNS = List.of(ResultColumn.STARTED, ResultColumn.LOCATION, ResultColumn.KIND,
            ResultColumn.CODE, ResultColumn.STATUS, ResultColumn.REASON, ResultColumn.CONNECT_MS, ResultColumn.ADDRESS,
            ResultColumn.AGENT);

    @Mixin
    private AdminOptions admin;

    @Parameters(paramLabel = "NAME|ID", description = "The monitor's name or id.")
    private String ref;

    @Option(names = "--location", paramLabel = "LOCATION", description = "Only this location's results.")
    private String location;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only results that started within this long before now, e.g. 1h.")
    private Duration since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N results (default: the coordinator's, 100).")
    private Integer limit;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new CliFailure(ExitCodes.USAGE, "--limit: must be at least 1, got " + limit);
        }
        Instant now = admin.clock().instant();
        ListResultsRequest.Builder request = ListResultsRequest.newBuilder().setMonitor(MonitorRef.newBuilder().setRef(ref));
        if (location != null) {
            request.setLocation(location);
        }
        if (since != null) {
            request.setSinceUnixMs(now.minus(since).toEpochMilli());
        }
        if (limit != null) {
            request.setLimit(limit);
        }
        ListResultsResponse response;
        try (AdminClient client = admin.connect()) {
            response = client.call(stub -> stub.listResults(request.build()));
        }
        List<ResultView> results = response.getResultsList().stream().map(Views::result).toList();
        List<GapView> gaps = response.getGapsList().stream().map(GapView::of).toList();
        if (admin.json()) {
            JsonOutput.document(admin.out(), newestFirst(results, gaps, r -> r, g -> g));
        } else if (results.isEmpty() && gaps.isEmpty()) {
            admin.out().println("no results for " + ref + (location == null ? "" : " from " + location)
                    + (since == null ? "" : " in the last " + Durations.format(since)));
            admin.out().flush();
        } else {
            Table table = new Table(ResultColumn.headers(COLUMNS));
            newestFirst(results, gaps, r -> ResultColumn.cells(COLUMNS, r, now), ResultsCommand::gapRow).forEach(table::add);
            table.print(admin.out());
        }
        return ExitCodes.OK;
    }

    /**
     * Results (newest first, as they come) with each gap placed where it fell: after the results that
     * started after it began.
     */
    private static <T> List<T> newestFirst(List<ResultView> results, List<GapView> gaps, Function<ResultView, T> result,
                                           Function<GapView, T> gap) {
        List<GapView> left = new ArrayList<>(gaps);
        left.sort(Comparator.comparing(GapView::from).reversed());
        List<T> rows = new ArrayList<>();
        for (ResultView r : results) {
            while (!left.isEmpty() && left.get(0).from().isAfter(r.startedAt())) {
                rows.add(gap.apply(left.remove(0)));
            }
            rows.add(result.apply(r));
        }
        left.forEach(g -> rows.add(gap.apply(g)));
        return rows;
    }

    /** A gap as a row of the results table: when it began, "gap", and how long it lasted in the REASON column. */
    private static List<String> gapRow(GapView g) {
        return List.of(ResultColumn.Texts.time(g.from()), "-", g.kind(), "-", g.status(),
                "for " + Durations.format(Duration.ofSeconds(g.seconds())) + " until " + ResultColumn.Texts.time(g.to()), "-", "-", "-");
    }
}
