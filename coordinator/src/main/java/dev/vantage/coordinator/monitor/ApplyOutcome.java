package dev.vantage.coordinator.monitor;

import java.util.List;

/**
 * What an apply does (or, in a dry run or when an entry is invalid, would do) to one monitor.
 *
 * @param index   the entry's place in the request; -1 for a monitor that prune deletes
 * @param changes {@link Action#UPDATE}: the settings that change
 * @param error   {@link Action#INVALID}: "field: what is wrong; how to fix it"
 */
public record ApplyOutcome(int index, String name, Action action, List<FieldChange> changes, String error) {
    public enum Action { UNCHANGED, CREATE, UPDATE, DELETE, INVALID }

    public ApplyOutcome {
        changes = List.copyOf(changes);
    }

    static ApplyOutcome of(int index, String name, Action action) {
        return new ApplyOutcome(index, name, action, List.of(), "");
    }
}
