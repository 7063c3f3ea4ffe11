package dev.vantage.coordinator.page;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.alert.MonitorState;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.status.MonitorStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the status page shows for one request, as its JSON: one page of the monitors that match, by
 * name, each with a cell per location; how many monitors match in each state; and the open incidents
 * among the matching monitors, newest first. Text is sent as it is stored: the page puts it in the
 * document as text, never as markup.
 *
 * @param total          monitors matching the query (text and state)
 * @param pages          pages of {@code size} they fill, at least 1
 * @param states         monitors matching the text, per state (every state present, 0 when none)
 * @param firstHour      start of the first of the 24 hourly figures of every {@code bar}
 * @param incidentsTotal open incidents among the monitors matching the text; {@code incidents} lists at most {@link #MAX_INCIDENTS}
 */
record PageView(Instant generatedAt, long total, int page, int size, int pages, Map<MonitorState, Long> states, Instant firstHour,
                List<MonitorView> monitors, List<IncidentView> incidents, long incidentsTotal) {
    static final int MAX_INCIDENTS = 100;

    /**
     * @param since    when the state began (for DOWN, the first failure of the outage); null when not known
     * @param incident the open incident's id; null when none
     */
    record MonitorView(long id, String name, String target, MonitorState state, Instant since, String incident, List<LocationView> locations) {
    }

    /**
     * The latest result of one location of a monitor.
     *
     * @param status    UP (connected), DOWN (did not connect), NO_AGENT (no agent of the location could probe),
     *                  UNHEALTHY (the location is DEGRADED: its canaries fail), or PENDING (no result yet)
     * @param code      the status code (0, 1, 90, 91); null while PENDING
     * @param reason    why it failed, as the CLI prints it ({@code refused}); null when it connected
     * @param message   the agent's detail of a failure; null when none
     * @param connectMs connect time in milliseconds; null when it did not connect
     * @param ageS      seconds since the probe started; null while PENDING
     * @param bar       the last 24 hours, hourly, in percent connected (null: no verdict that hour), oldest first
     */
    record LocationView(String location, String status, Integer code, String reason, String message, Double connectMs, Long ageS,
                        Instant startedAt, List<Double> bar) {
    }

    /** An open incident: its monitor and the locations failing in the latest round, with reason and time. */
    record IncidentView(String id, long monitorId, String monitor, String target, Instant since, List<FailureView> failing) {
    }

    record FailureView(String location, String reason, Instant at) {
    }

    /** The order of the page: by name, then id. */
    static final Comparator<MonitorStatus> BY_NAME = Comparator.comparing((MonitorStatus s) -> s.monitor().name())
            .thenComparingLong(s -> s.monitor().id());

    /**
     * @param all  every monitor's status, {@link #BY_NAME}
     * @param bars the 24-hour figures of the monitors of the page, by id (called once, with the page's ids)
     */
    static PageView of(List<MonitorStatus> all, PageQuery query, Instant now, Function<List<Long>, Map<Long, Map<String, List<Double>>>> bars) {
        Map<MonitorState, Long> states = new EnumMap<>(MonitorState.class);
        for (MonitorState s : MonitorState.values()) {
            states.put(s, 0L);
        }
        List<MonitorStatus> matching = new ArrayList<>();
        List<MonitorStatus> incidents = new ArrayList<>();
        for (MonitorStatus s : all) {
            if (!query.matches(s.monitor().name(), s.monitor().spec().host())) {
                continue;
            }
            states.merge(s.state(), 1L, Long::sum);
            if (s.state() == MonitorState.DOWN && s.condition().incidentId().isPresent()) {
                incidents.add(s);
            }
            if (query.state().map(wanted -> wanted == s.state()).orElse(true)) {
                matching.add(s);
            }
        }
        int pages = Math.max(1, (matching.size() + query.size() - 1) / query.size());
        int from = (int) Math.min((long) (query.page() - 1) * query.size(), matching.size());
        List<MonitorStatus> page = matching.subList(from, Math.min(from + query.size(), matching.size()));
        Map<Long, Map<String, List<Double>>> pageBars = bars.apply(page.stream().map(s -> s.monitor().id()).toList());
        List<MonitorView> monitors = page.stream().map(s -> monitor(s, now, pageBars.getOrDefault(s.monitor().id(), Map.of()))).toList();
        incidents.sort(Comparator.comparing((MonitorStatus s) -> s.condition().since().orElse(Instant.EPOCH)).reversed());
        List<IncidentView> open = incidents.stream().limit(MAX_INCIDENTS).map(PageView::incident).toList();
        return new PageView(now, matching.size(), query.page(), query.size(), pages, states, AvailabilityBars.firstHour(now), monitors, open,
                incidents.size());
    }

    private static MonitorView monitor(MonitorStatus s, Instant now, Map<String, List<Double>> bars) {
        Monitor m = s.monitor();
        List<LocationView> locations = new ArrayList<>();
        for (String location : m.spec().locations()) {
            Optional<ProbeResult> latest = s.lastResults().stream().filter(r -> r.location().equals(location)).findFirst();
            List<Double> bar = bars.getOrDefault(location, empty());
            locations.add(latest.map(r -> location(r, now, bar))
                    .orElseGet(() -> new LocationView(location, "PENDING", null, null, null, null, null, null, bar)));
        }
        return new MonitorView(m.id(), m.name(), target(m), s.state(), s.condition().since().orElse(null),
                s.condition().incidentId().orElse(null), locations);
    }

    private static LocationView location(ProbeResult r, Instant now, List<Double> bar) {
        StatusCode code = r.outcome().status();
        String status = switch (code) {
            case OK -> "UP";
            case NO_AGENT_AVAILABLE -> "NO_AGENT";
            case LOCATION_UNHEALTHY -> "UNHEALTHY";
            default -> "DOWN";
        };
        boolean connected = r.outcome().connected();
        long age = Math.max(0, Duration.between(r.outcome().startedAt(), now).toSeconds());
        return new LocationView(r.location(), status, code.code(), connected ? null : r.outcome().reason().label(),
                r.outcome().message().isEmpty() ? null : r.outcome().message(),
                connected ? r.outcome().connectNanos() / 1_000L / 1000.0 : null, age, r.outcome().startedAt(), bar);
    }

    private static IncidentView incident(MonitorStatus s) {
        List<FailureView> failing = s.condition().failing().stream().map(PageView::failure).toList();
        return new IncidentView(s.condition().incidentId().orElseThrow(), s.monitor().id(), s.monitor().name(), target(s.monitor()),
                s.condition().since().orElse(null), failing);
    }

    private static FailureView failure(LocationFailure f) {
        return new FailureView(f.location(), f.reason().label(), f.at());
    }

    private static String target(Monitor m) {
        return new HostPort(m.spec().host(), m.spec().port()).toString();
    }

    private static List<Double> empty() {
        List<Double> none = new ArrayList<>(AvailabilityBars.HOURS);
        for (int i = 0; i < AvailabilityBars.HOURS; i++) {
            none.add(null);
        }
        return none;
    }
}
