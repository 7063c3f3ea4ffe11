package dev.vantage.coordinator.api;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.SignalRules;
import dev.vantage.common.input.Limits;
import dev.vantage.common.input.ValidationException;
import dev.vantage.proto.v1.BlackoutList;
import dev.vantage.proto.v1.ChannelList;
import dev.vantage.proto.v1.PolicySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link AlertPolicy} ⇄ {@link PolicySettings}: the fields that are set change the policy, the others stay. */
final class PolicyMapping {
    private PolicyMapping() {
    }

    /**
     * {@code base} changed by the fields set in {@code p}. Fit with the monitor's locations and the
     * channels is checked later, by the catalog's validator.
     *
     * @throws ValidationException naming the field ({@code mode}, {@code fail-locations}, {@code blackout}, …)
     */
    static AlertPolicy apply(PolicySettings p, AlertPolicy base) {
        AlertPolicy out = base;
        if (p.hasMode() || p.hasHomeLocation() || p.hasFailLocations()) {
            MonitoringMode current = base.mode();
            String word = p.hasMode() ? p.getMode().trim().toLowerCase(Locale.ROOT) : current.word();
            Optional<String> home = p.hasHomeLocation() ? Optional.of(p.getHomeLocation())
                    : current instanceof MonitoringMode.Primary primary && word.equals(primary.word())
                    ? Optional.of(primary.homeLocation()) : Optional.empty();
            Optional<String> fail = p.hasFailLocations() ? Optional.of(p.getFailLocations())
                    : current instanceof MonitoringMode.Sla sla && word.equals(sla.word())
                    ? Optional.of(failLocations(sla)) : Optional.empty();
            out = out.withMode(MonitoringMode.parse(word, home, fail));
        }
        if (p.hasLocalRetry()) {
            out = out.withLocalRetry(p.getLocalRetry());
        }
        NotifyRules r = out.notifyRules();
        r = new NotifyRules(
                p.hasStartNotify() ? p.getStartNotify() : r.startNotify(),
                p.hasStopNotify() ? p.getStopNotify() : r.stopNotify(),
                p.hasRemindEveryMs() ? (p.getRemindEveryMs() == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(p.getRemindEveryMs())))
                        : r.remindEvery(),
                p.hasNotifyOnClear() ? p.getNotifyOnClear() : r.notifyOnClear(),
                p.hasNotify() ? p.getNotify().getNamesList() : r.channels());
        out = out.withNotifyRules(r);
        if (p.hasBlackouts()) {
            Limits.count("blackout", p.getBlackouts().getLinesList(), Limits.BLACKOUTS);
            List<Blackout> blackouts = new ArrayList<>();
            for (String line : p.getBlackouts().getLinesList()) {
                try {
                    blackouts.add(Blackout.parse(line));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("blackout", e.getMessage());
                }
            }
            out = out.withBlackouts(blackouts);
        }
        if (p.hasAlertWhen()) {
            out = out.withAlertWhen(alertWhen(p.getAlertWhen()));
        }
        if (p.hasRetryIntervalMs()) {
            out = out.withRetryInterval(p.getRetryIntervalMs() == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(p.getRetryIntervalMs())));
        }
        return out.withSignals(signals(p, out.signals()));
    }

    private static SignalRules signals(PolicySettings p, SignalRules s) {
        return new SignalRules(
                p.hasRegionalAfter() ? p.getRegionalAfter() : s.regionalAfter(),
                p.hasNotifyRegional() ? p.getNotifyRegional() : s.notifyRegional(),
                p.hasWarnConnectTimeMs()
                        ? (p.getWarnConnectTimeMs() == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(p.getWarnConnectTimeMs())))
                        : s.warnConnectTime(),
                p.hasWarnAfter() ? p.getWarnAfter() : s.warnAfter(),
                p.hasNotifySlow() ? p.getNotifySlow() : s.notifySlow(),
                p.hasFlapChanges() ? p.getFlapChanges() : s.flapChanges(),
                p.hasFlapWindowMs() ? Duration.ofMillis(p.getFlapWindowMs()) : s.flapWindow());
    }

    /** Every field set. */
    static PolicySettings toProto(AlertPolicy policy) {
        NotifyRules r = policy.notifyRules();
        PolicySettings.Builder b = PolicySettings.newBuilder()
                .setMode(policy.mode().word())
                .setLocalRetry(policy.localRetry())
                .setStartNotify(r.startNotify())
                .setStopNotify(r.stopNotify())
                .setRemindEveryMs(r.remindEvery().map(Duration::toMillis).orElse(0L))
                .setNotifyOnClear(r.notifyOnClear())
                .setNotify(ChannelList.newBuilder().addAllNames(r.channels()))
                .setBlackouts(BlackoutList.newBuilder().addAllLines(policy.blackouts().stream().map(Blackout::format).toList()))
                .setAlertWhen(policy.alertWhen().map(AlertWindow::format).orElse(""))
                .setRetryIntervalMs(policy.retryInterval().map(Duration::toMillis).orElse(0L));
        SignalRules s = policy.signals();
        b.setRegionalAfter(s.regionalAfter())
                .setNotifyRegional(s.notifyRegional())
                .setWarnConnectTimeMs(s.warnConnectTime().map(Duration::toMillis).orElse(0L))
                .setWarnAfter(s.warnAfter())
                .setNotifySlow(s.notifySlow())
                .setFlapChanges(s.flapChanges())
                .setFlapWindowMs(s.flapWindow().toMillis());
        if (policy.mode() instanceof MonitoringMode.Primary primary) {
            b.setHomeLocation(primary.homeLocation());
        }
        if (policy.mode() instanceof MonitoringMode.Sla sla) {
            b.setFailLocations(failLocations(sla));
        }
        return b.build();
    }

    /** {@code "3 of 5"}, {@code "2m in 10m"}; empty or {@code none}: no window. */
    private static Optional<AlertWindow> alertWhen(String text) {
        Limits.length("alert-when", text, Limits.MONITOR_REF);
        if (text.isBlank() || text.trim().equalsIgnoreCase(AlertWindow.NONE)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AlertWindow.parse(text));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("alert-when", e.getMessage());
        }
    }

    /** {@code N} or {@code all}, as {@code --fail-locations} takes it. */
    private static String failLocations(MonitoringMode.Sla sla) {
        return sla.isAll() ? "all" : Integer.toString(sla.failLocations().getAsInt());
    }
}
