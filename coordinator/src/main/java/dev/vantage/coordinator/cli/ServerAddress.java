package dev.vantage.coordinator.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The coordinator's admin API address, {@code HOST:PORT} ({@code [::1]:7400} for IPv6 literals). */
record ServerAddress(String host, int port) {

    static ServerAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.lastIndexOf(':');
        if (colon > 0 && colon < s.length() - 1) {
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (!host.isEmpty() && (host.indexOf(':') < 0 || s.startsWith("[")) && port >= 1 && port <= 65535) {
                    return new ServerAddress(host, port);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not HOST:PORT; write it like 127.0.0.1:7400 or coordinator.example.org:7400");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static final class Converter implements ITypeConverter<ServerAddress> {
        @Override
        public ServerAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
