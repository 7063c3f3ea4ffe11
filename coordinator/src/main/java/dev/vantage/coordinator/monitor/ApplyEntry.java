package dev.vantage.coordinator.monitor;

import java.util.function.Supplier;

/**
 * One entry of an apply: its name and its definition, made when the catalog checks the entry so that
 * a setting the API cannot read (a bad mode or blackout) makes this entry invalid, not the request.
 *
 * @param definition throws {@link dev.vantage.common.input.ValidationException} naming the field
 */
public record ApplyEntry(String name, Supplier<DesiredMonitor> definition) {
}
