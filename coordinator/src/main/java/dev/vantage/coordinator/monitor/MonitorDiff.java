package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.SignalRules;
import dev.vantage.common.time.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings in which two definitions of a monitor differ, named as the CLI's options and with
 * values as the CLI prints them, so that {@code vantage diff} reads like the file a user edits.
 * No clock, no I/O.
 */
final class MonitorDiff {
    private MonitorDiff() {
    }

    static List<FieldChange> between(DesiredMonitor before, DesiredMonitor after) {
        Map<String, String> a = settings(before);
        Map<String, String> b = settings(after);
        List<FieldChange> changes = new ArrayList<>();
        a.forEach((field, value) -> {
            if (!Objects.equals(value, b.get(field))) {
                changes.add(new FieldChange(field, value, b.get(field)));
            }
        });
        return changes;
    }

    /** Every setting in the order of the file format, as text. */
    private static Map<String, String> settings(DesiredMonitor m) {
        AlertPolicy p = m.spec().policy();
        NotifyRules r = p.notifyRules();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("host", m.spec().host());
        s.put("port", Integer.toString(m.spec().port()));
        s.put("interval", Durations.format(m.spec().interval()));
        s.put("timeout", Durations.format(m.spec().timeout()));
        s.put("locations", String.join(",", m.spec().locations()));
        s.put("paused", yesNo(m.paused()));
        s.put("mode", p.mode().word());
        s.put("home-location", p.mode() instanceof MonitoringMode.Primary primary ? primary.homeLocation() : "-");
        s.put("fail-locations", p.mode() instanceof MonitoringMode.Sla sla
                ? (sla.isAll() ? "all" : Integer.toString(sla.failLocations().getAsInt())) : "-");
        s.put("retry", yesNo(p.localRetry()));
        s.put("start-notify", Integer.toString(r.startNotify()));
        s.put("stop-notify", Integer.toString(r.stopNotify()));
        s.put("remind-every", r.remindEvery().map(Durations::format).orElse("none"));
        s.put("notify-on-clear", yesNo(r.notifyOnClear()));
        s.put("notify", r.channels().isEmpty() ? "default" : String.join(",", r.channels()));
        s.put("blackouts", p.blackouts().isEmpty() ? "none" : String.join("; ", p.blackouts().stream().map(Blackout::format).toList()));
        s.put("alert-when", p.alertWhen().map(AlertWindow::format).orElse("none"));
        s.put("retry-interval", p.retryInterval().map(Durations::format).orElse("none"));
        SignalRules g = p.signals();
        s.put("regional-after", Integer.toString(g.regionalAfter()));
        s.put("notify-regional", yesNo(g.notifyRegional()));
        s.put("warn-connect-time", g.warnConnectTime().map(Durations::format).orElse("none"));
        s.put("warn-after", Integer.toString(g.warnAfter()));
        s.put("notify-slow", yesNo(g.notifySlow()));
        s.put("flap-changes", Integer.toString(g.flapChanges()));
        s.put("flap-window", Durations.format(g.flapWindow()));
        return s;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
