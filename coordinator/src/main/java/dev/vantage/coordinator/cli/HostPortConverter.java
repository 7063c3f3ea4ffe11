package dev.vantage.coordinator.cli;

import dev.vantage.common.config.HostPort;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --server HOST:PORT}; picocli prefixes the option name to the message. */
final class HostPortConverter implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The same rule for an address that came from an environment variable or a profile, named by {@code field}. */
    static HostPort parse(String value, String field) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, field + ": " + e.getMessage());
        }
    }
}
