package dev.vantage.common.config;

import dev.vantage.common.validation.ValidationException;

/** A {@code HOST:PORT} pair as operators write it ({@code [::1]:7400} for IPv6). */
public record HostPort(String host, int port) {

    /**
     * @param field the option or key the text came from, named in the error
     * @throws ValidationException naming {@code field} when the text is not HOST:PORT
     */
    public static HostPort parse(String field, String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new ValidationException(field, "write it as HOST:PORT, e.g. 127.0.0.1:7400; got '" + t + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "'" + t.substring(colon + 1) + "' is not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new ValidationException(field, "port must be between 0 and 65535, got " + port);
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
