package dev.vantage.coordinator.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.common.time.Backoff;
import dev.vantage.coordinator.alert.channel.WebhookChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deliverer against a real webhook receiver; the outbox is in memory but only used through {@link Outbox}. */
class DelivererTest {
    private static final String SECRET = "s3cret-s3cret-s3cret";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 0.2, Math::random);
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private final Clock clock = Clock.systemUTC();
    private final InMemoryOutbox outbox = new InMemoryOutbox(clock);
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final WebhookChannel channel = new WebhookChannel(
            new WebhookChannel.Settings("ops", receiver.url(), SECRET, Duration.ofSeconds(5)), clock);

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private Deliverer deliverer() {
        return new Deliverer(outbox, List.of(channel), FAST, clock, Duration.ofMillis(200));
    }

    private static List<String> keys(List<WebhookReceiver.Request> requests) {
        return requests.stream().map(r -> r.header("Idempotency-Key")).toList();
    }

    /** Accepted idempotency keys grouped by incident (one incident per monitor here), in arrival order. */
    private Map<String, List<String>> acceptedByIncident() {
        return keys(receiver.accepted()).stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf(':')), Collectors.toList()));
    }

    @Test
    void serverErrorsAreRetriedUntilAcceptedThenLaterAlertsFollowInOrder() {
        receiver.script(500, 500);
        try (Deliverer d = deliverer().start()) {
            d.enqueue(Alerts.open(7, "m7"), List.of("ops"));
            d.enqueue(Alerts.reminder(7, "m7", 1), List.of("ops"));
            d.enqueue(Alerts.clear(7, "m7"), List.of("ops"));

            await().atMost(AWAIT).until(() -> outbox.pending().isEmpty());
        }

        assertThat(keys(receiver.requests())).containsExactly("m7:open", "m7:open", "m7:open", "m7:reminder-1", "m7:clear");
        assertThat(keys(receiver.accepted())).containsExactly("m7:open", "m7:reminder-1", "m7:clear");
        assertThat(receiver.accepted()).extracting(r -> r.bodyText().contains("\"sequence\":1,")).first().isEqualTo(true);
        assertThat(outbox.pending()).isEmpty();
    }

    @Test
    void alertsWaitWhileTheReceiverIsDownAndAllArriveInOrderOnceWhenItIsBack() {
        int port = receiver.port();
        receiver.stop();
        try (Deliverer d = deliverer().start()) {
            for (long m = 1; m <= 3; m++) {
                d.enqueue(Alerts.open(m, "m" + m), List.of("ops"));
            }
            for (long m = 1; m <= 3; m++) {
                d.enqueue(Alerts.reminder(m, "m" + m, 1), List.of("ops"));
                d.enqueue(Alerts.clear(m, "m" + m), List.of("ops"));
            }
            await().atMost(AWAIT).until(() -> outbox.pending().stream()
                    .filter(x -> x.alert().kind() == AlertKind.OPEN).allMatch(x -> x.attempts() >= 2));
            assertThat(outbox.pending()).hasSize(9);

            receiver.start(port);

            await().atMost(AWAIT).until(() -> outbox.pending().isEmpty());
        }

        assertThat(keys(receiver.accepted())).hasSize(9).doesNotHaveDuplicates();
        assertThat(acceptedByIncident()).containsOnlyKeys("m1", "m2", "m3").allSatisfy((incident, keys) ->
                assertThat(keys).containsExactly(incident + ":open", incident + ":reminder-1", incident + ":clear"));
    }

    @Test
    void aFailingMonitorHoldsBackOnlyItsOwnAlerts() {
        receiver.answerWith(r -> r.bodyText().contains("\"incident_id\":\"m1\"") ? 500 : 200);
        try (Deliverer d = deliverer().start()) {
            d.enqueue(Alerts.open(1, "m1"), List.of("ops"));
            d.enqueue(Alerts.open(2, "m2"), List.of("ops"));
            d.enqueue(Alerts.clear(1, "m1"), List.of("ops"));
            d.enqueue(Alerts.clear(2, "m2"), List.of("ops"));

            await().atMost(AWAIT).until(() -> receiver.accepted().size() == 2
                    && receiver.requests().stream().filter(r -> r.answered() == 500).count() >= 3);
            assertThat(keys(receiver.accepted())).containsExactly("m2:open", "m2:clear");
            assertThat(keys(receiver.requests())).doesNotContain("m1:clear");

            receiver.answerWith(r -> 200);

            await().atMost(AWAIT).until(() -> outbox.pending().isEmpty());
        }

        assertThat(acceptedByIncident().get("m1")).containsExactly("m1:open", "m1:clear");
    }

    @Test
    void aNewDelivererSendsWhatTheOldOneLeftUnacknowledged() {
        int port = receiver.port();
        receiver.stop();
        try (Deliverer before = deliverer().start()) {
            before.enqueue(Alerts.open(7, "m7"), List.of("ops"));
            before.enqueue(Alerts.clear(7, "m7"), List.of("ops"));
            await().atMost(AWAIT).until(() -> outbox.pending().stream().anyMatch(x -> x.attempts() >= 1));
        }
        receiver.start(port);

        try (Deliverer after = deliverer().start()) {
            await().atMost(AWAIT).until(() -> outbox.pending().isEmpty());
        }

        assertThat(keys(receiver.accepted())).containsExactly("m7:open", "m7:clear");
    }

    @Test
    void enqueueWakesTheChannelWithoutWaitingForThePoll() {
        try (Deliverer d = new Deliverer(outbox, List.of(channel), FAST, clock, Duration.ofMinutes(10)).start()) {
            await().pollDelay(Duration.ofMillis(50)).until(() -> true);

            d.enqueue(Alerts.open(7, "m7"), List.of("ops"));

            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.pending().isEmpty());
            assertThat(receiver.accepted()).hasSize(1);
        }
    }

    /** The outbox of a store that cannot write: acknowledgements fail until {@code healed}. */
    private static final class AckFailingOutbox implements Outbox {
        final InMemoryOutbox inner;
        final AtomicInteger failedAcks = new AtomicInteger();
        volatile boolean healed;

        AckFailingOutbox(InMemoryOutbox inner) {
            this.inner = inner;
        }

        @Override
        public List<Delivery> enqueue(Alert alert, Collection<String> channels) {
            return inner.enqueue(alert, channels);
        }

        @Override
        public List<Delivery> heads(String channel, int max) {
            return inner.heads(channel, max);
        }

        @Override
        public void acknowledge(long deliveryId) {
            if (!healed) {
                failedAcks.incrementAndGet();
                throw new IllegalStateException("cannot acknowledge delivery " + deliveryId + ": [SQLITE_FULL] database or disk is full");
            }
            inner.acknowledge(deliveryId);
        }

        @Override
        public void recordFailure(long deliveryId, String error, Instant nextAttemptAt) {
            inner.recordFailure(deliveryId, error, nextAttemptAt);
        }
    }

    @Test
    void anAlertTheReceiverAcceptedIsNotSentAgainWhileItsAcknowledgementCannotBeRecorded() {
        AckFailingOutbox failing = new AckFailingOutbox(outbox);
        try (Deliverer d = new Deliverer(failing, List.of(channel), FAST, clock, Duration.ofMillis(200)).start()) {
            d.enqueue(Alerts.open(7, "m7"), List.of("ops"));
            await().atMost(AWAIT).until(() -> failing.failedAcks.get() >= 3);
            long started = System.nanoTime();
            int before = failing.failedAcks.get();
            await().pollDelay(Duration.ofSeconds(1)).atMost(AWAIT).until(() -> true);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(keys(receiver.requests())).containsExactly("m7:open");
            // The backoff's longest wait is 200 ms less 20 % jitter: at most one attempt per 160 ms.
            assertThat(failing.failedAcks.get() - before).isLessThanOrEqualTo((int) Math.ceil(seconds / 0.16) + 1);

            failing.healed = true;
            await().atMost(AWAIT).until(() -> outbox.pending().isEmpty());
            d.enqueue(Alerts.clear(7, "m7"), List.of("ops"));
            await().atMost(AWAIT).until(() -> outbox.pending().isEmpty() && receiver.requests().size() == 2);
        }

        assertThat(keys(receiver.requests())).containsExactly("m7:open", "m7:clear");
    }
}
