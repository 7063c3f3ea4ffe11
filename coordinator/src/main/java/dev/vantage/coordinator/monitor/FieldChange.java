package dev.vantage.coordinator.monitor;

/** One setting of a monitor that an apply changes, named and printed as the CLI's option is. */
public record FieldChange(String field, String before, String after) {
}
