package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.ErrorWindow;
import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link IncidentTracker} remembers about one monitor between rounds. The store persists
 * it (see {@link AlertStateJson}) in the same transaction as the alerts it produced, and reloads it
 * after a restart, so an open incident keeps its id and does not alert OPEN again.
 *
 * @param state           the status rounds last gave: UNKNOWN, UP, WARNING or DOWN
 * @param since           when {@code state} began (for DOWN: the incident's first failure)
 * @param lastFailures    the failures of the latest round that had any (what WARNING and DOWN show)
 * @param errorStreak     ERROR rounds in a row, up to start-notify
 * @param streakStartedAt when the first failing probe of the streak ran
 * @param incident        the open incident, if the monitor is DOWN
 * @param window          the rounds an {@code --alert-when} window remembers (empty without one)
 * @param signals         REGIONAL, slow connects and flapping ({@link SignalState})
 */
public record MonitorAlertState(
        MonitorState state,
        Optional<Instant> since,
        List<LocationFailure> lastFailures,
        int errorStreak,
        Optional<Instant> streakStartedAt,
        Optional<OpenIncident> incident,
        ErrorWindow window,
        SignalState signals) {

    public MonitorAlertState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(streakStartedAt, "streakStartedAt");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(signals, "signals");
        lastFailures = List.copyOf(lastFailures);
    }

    /** A state with nothing known about REGIONAL, slow connects or flapping. */
    public MonitorAlertState(MonitorState state, Optional<Instant> since, List<LocationFailure> lastFailures, int errorStreak,
                             Optional<Instant> streakStartedAt, Optional<OpenIncident> incident, ErrorWindow window) {
        this(state, since, lastFailures, errorStreak, streakStartedAt, incident, window, SignalState.initial());
    }

    /** A monitor no round has spoken about yet. */
    public static MonitorAlertState initial() {
        return new MonitorAlertState(MonitorState.UNKNOWN, Optional.empty(), List.of(), 0, Optional.empty(), Optional.empty(),
                ErrorWindow.empty());
    }

    /** The same state with the window's memory replaced. */
    MonitorAlertState withWindow(ErrorWindow newWindow) {
        return new MonitorAlertState(state, since, lastFailures, errorStreak, streakStartedAt, incident, newWindow, signals);
    }

    MonitorAlertState withIncident(Optional<OpenIncident> newIncident) {
        return new MonitorAlertState(state, since, lastFailures, errorStreak, streakStartedAt, newIncident, window, signals);
    }

    MonitorAlertState withSignals(SignalState newSignals) {
        return new MonitorAlertState(state, since, lastFailures, errorStreak, streakStartedAt, incident, window, newSignals);
    }
}
