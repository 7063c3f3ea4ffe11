package dev.vantage.coordinator.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.alert.MonitorCondition;
import dev.vantage.coordinator.alert.MonitorState;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.status.MonitorStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageViewTest {
    private static final Instant NOW = Instant.parse("2026-11-30T14:25:30Z");
    private static final MonitorState[] STATES = MonitorState.values();

    @Test
    void thePagesOfAnyQueryListEveryMatchingMonitorOnceInNameOrder() {
        qt().withExamples(300).forAll(integers().between(0, 250), integers().between(1, 60), integers().between(0, STATES.length))
                .checkAssert((count, size, stateIndex) -> {
                    List<MonitorStatus> all = statuses(count);
                    Optional<MonitorState> state = stateIndex == STATES.length ? Optional.empty() : Optional.of(STATES[stateIndex]);
                    List<String> expected = all.stream().filter(s -> state.map(w -> w == s.state()).orElse(true))
                            .map(s -> s.monitor().name()).toList();

                    List<String> seen = new ArrayList<>();
                    PageView first = view(all, new PageQuery("", state, 1, size));
                    for (int page = 1; page <= first.pages(); page++) {
                        PageView v = view(all, new PageQuery("", state, page, size));
                        assertThat(v.total()).isEqualTo((long) expected.size());
                        assertThat(v.monitors().size()).isLessThanOrEqualTo(size);
                        v.monitors().forEach(m -> seen.add(m.name()));
                    }

                    assertThat(seen).containsExactlyElementsOf(expected);
                    assertThat(first.pages()).isEqualTo(Math.max(1, (expected.size() + size - 1) / size));
                    assertThat(view(all, new PageQuery("", state, first.pages() + 1, size)).monitors()).isEmpty();
                    assertThat(first.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) count);
                });
    }

    @Test
    void aDownMonitorShowsEachLocationsLatestResultAndItsOpenIncidentWithTheFailingLocations() {
        Monitor web = monitor(7, "web", "svc.example", List.of("eu-west", "us-east", "ap-south"));
        Instant failedAt = NOW.minusSeconds(12);
        MonitorCondition down = new MonitorCondition(MonitorState.DOWN, Optional.of(NOW.minusSeconds(70)),
                List.of(new LocationFailure("eu-west", FailureReason.TIMED_OUT, failedAt)), Optional.of("7-1"), Optional.empty());
        List<ProbeResult> latest = List.of(
                new ProbeResult(1, 7, "eu-west", "a1", ResultKind.SCHEDULED, failedAt,
                        ProbeOutcome.failed(FailureReason.TIMED_OUT, "192.0.2.1:443", failedAt, "no SYN-ACK within 2s")),
                new ProbeResult(2, 7, "us-east", "a2", ResultKind.SCHEDULED, failedAt,
                        ProbeOutcome.connected(1_234_567, "192.0.2.1:443", failedAt)));

        PageView v = PageView.of(List.of(new MonitorStatus(web, down, latest, 0)), new PageQuery("WEB", Optional.empty(), 1, 50), NOW,
                ids -> Map.of(7L, Map.of("us-east", hours(99.5))));

        PageView.MonitorView m = v.monitors().get(0);
        assertThat(m.target()).isEqualTo("svc.example:443");
        assertThat(m.state()).isEqualTo(MonitorState.DOWN);
        assertThat(m.incident()).isEqualTo("7-1");
        assertThat(m.locations()).extracting(PageView.LocationView::location).containsExactly("eu-west", "us-east", "ap-south");
        PageView.LocationView eu = m.locations().get(0);
        assertThat(List.of(eu.status(), eu.code(), eu.reason(), eu.message(), eu.ageS()))
                .containsExactly("DOWN", 1, "timed out", "no SYN-ACK within 2s", 12L);
        assertThat(eu.connectMs()).isNull();
        assertThat(eu.bar()).hasSize(24).containsOnlyNulls();
        PageView.LocationView us = m.locations().get(1);
        assertThat(List.of(us.status(), us.code(), us.connectMs())).containsExactly("UP", 0, 1.234);
        assertThat(us.reason()).isNull();
        assertThat(us.bar().get(23)).isEqualTo(99.5);
        assertThat(m.locations().get(2).status()).isEqualTo("PENDING");
        assertThat(v.incidents()).containsExactly(new PageView.IncidentView("7-1", 7, "web", "svc.example:443", NOW.minusSeconds(70),
                List.of(new PageView.FailureView("eu-west", "timed out", failedAt))));
        assertThat(v.incidentsTotal()).isEqualTo(1);
        assertThat(v.states()).containsEntry(MonitorState.DOWN, 1L).containsEntry(MonitorState.UP, 0L);
    }

    @Test
    void anIPv6TargetIsBracketedAndTheFilterMatchesHostsInAnyCase() {
        Monitor v6 = monitor(1, "edge", "2001:DB8::1", List.of("eu-west"));
        Monitor other = monitor(2, "core", "core.example", List.of("eu-west"));
        List<MonitorStatus> all = List.of(status(other, MonitorState.UP), status(v6, MonitorState.UP));

        PageView v = view(all, PageQuery.parse("q=2001%3adb8"));

        assertThat(v.monitors()).extracting(PageView.MonitorView::target).containsExactly("[2001:DB8::1]:443");
    }

    private static PageView view(List<MonitorStatus> all, PageQuery query) {
        return PageView.of(all, query, NOW, ids -> Map.of());
    }

    private static List<MonitorStatus> statuses(int count) {
        List<MonitorStatus> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(status(monitor(i + 1, String.format("m-%04d", i), "h" + i + ".example", List.of("eu-west")), STATES[i * 7 % STATES.length]));
        }
        return out.stream().sorted(PageView.BY_NAME).toList();
    }

    private static MonitorStatus status(Monitor m, MonitorState state) {
        return new MonitorStatus(m, new MonitorCondition(state, Optional.empty(), List.of(), Optional.empty(), Optional.empty()), List.of(), 0);
    }

    private static Monitor monitor(long id, String name, String host, List<String> locations) {
        return new Monitor(id, new MonitorSpec(name, host, 443, Duration.ofMinutes(1), Duration.ofSeconds(5), locations), false, NOW, NOW);
    }

    private static List<Double> hours(double last) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            out.add(null);
        }
        out.add(last);
        return out;
    }
}
