package dev.vantage.coordinator.store;

import dev.vantage.common.input.ValidationException;

/** A monitor name is already taken. */
public final class DuplicateNameException extends ValidationException {
    public DuplicateNameException(String name) {
        super("name", "a monitor named '" + name + "' already exists; pick another name or update that monitor");
    }
}
