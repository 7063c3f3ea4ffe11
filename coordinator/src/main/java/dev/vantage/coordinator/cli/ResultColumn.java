package dev.vantage.coordinator.cli;

import dev.vantage.common.time.Durations;
import dev.vantage.coordinator.cli.Views.ResultView;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;

/**
 * How a probe result reads in a table, column by column; {@code test}, {@code status} and
 * {@code results} each pick the columns they show, so a result reads the same everywhere.
 */
enum ResultColumn {
    STARTED("STARTED", 20, (r, now) -> Texts.time(r.startedAt())),
    AGE("AGE", 8, (r, now) -> Texts.age(r.startedAt(), now)),
    LOCATION("LOCATION", 10, (r, now) -> r.location()),
    KIND("KIND", 9, (r, now) -> r.kind().replace('_', ' ')),
    CODE("CODE", 4, (r, now) -> Integer.toString(r.statusCode())),
    STATUS("STATUS", 21, (r, now) -> r.slow() ? r.status() + " (slow)" : r.status()),
    // as wide as the longest reason ("address not allowed"), so streamed rows of `test` stay aligned
    REASON("REASON", 19, (r, now) -> r.connected() ? "-" : r.reason()),
    CONNECT_MS("CONNECT MS", 10, (r, now) -> r.connectMs() == null ? "-" : r.connectMs().toPlainString()),
    ADDRESS("ADDRESS", 21, (r, now) -> Texts.orDash(r.address())),
    AGENT("AGENT", 0, (r, now) -> Texts.orDash(r.agent()));

    private final String header;
    private final int width;
    private final BiFunction<ResultView, Instant, String> cell;

    ResultColumn(String header, int width, BiFunction<ResultView, Instant, String> cell) {
        this.header = header;
        this.width = width;
        this.cell = cell;
    }

    static List<String> headers(List<ResultColumn> columns) {
        return columns.stream().map(c -> c.header).toList();
    }

    static List<String> cells(List<ResultColumn> columns, ResultView result, Instant now) {
        return columns.stream().map(c -> c.cell.apply(result, now)).toList();
    }

    /** Column widths for {@link Table#stream}, wide enough for typical values. */
    static int[] widths(List<ResultColumn> columns) {
        return columns.stream().mapToInt(c -> c.width).toArray();
    }

    /** The same cells a result row would have, as dashes (a monitor without results yet). */
    static List<String> dashes(List<ResultColumn> columns) {
        return columns.stream().map(c -> "-").toList();
    }

    /** Small text forms shared by the tables. */
    static final class Texts {
        private Texts() {
        }

        static String time(Instant at) {
            return at.truncatedTo(ChronoUnit.SECONDS).toString();
        }

        /** {@code 42s ago}, {@code 1h5m ago}; {@code 0s ago} for times a little ahead of this clock. */
        static String age(Instant then, Instant now) {
            Duration age = Duration.between(then, now).truncatedTo(ChronoUnit.SECONDS);
            return Durations.format(age.isNegative() ? Duration.ZERO : age) + " ago";
        }

        static String orDash(String s) {
            return s.isEmpty() ? "-" : s;
        }
    }
}
