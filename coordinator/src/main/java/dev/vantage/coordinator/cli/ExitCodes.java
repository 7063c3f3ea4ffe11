package dev.vantage.coordinator.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** What `vantage` exits with; scripts rely on these, so they only ever gain new values. */
final class ExitCodes {
    /** Done; for {@code test}: every location connected. */
    static final int OK = 0;
    /** {@code test} only: at least one location did not connect (or none answered). */
    static final int NOT_CONNECTED = 1;
    /**
     * Bad usage, or the coordinator rejected the request (invalid argument, duplicate name, precondition,
     * missing or invalid token, a role that does not allow the call, too many calls).
     */
    static final int USAGE = 2;
    /** The coordinator could not be reached or did not answer in time. */
    static final int UNREACHABLE = 3;
    /** No such monitor (or other named thing). */
    static final int NOT_FOUND = 4;
    /** The coordinator failed the request in an unexpected way, or the CLI hit a bug. */
    static final int FAILED = 5;

    private ExitCodes() {
    }

    /** The exit code list shown at the end of {@code --help}. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(" " + OK, "success (test: every location connected)");
        list.put(" " + NOT_CONNECTED, "test: a location did not connect");
        list.put(" " + USAGE, "bad usage, or the coordinator rejected the request (also: bad token, role too low)");
        list.put(" " + UNREACHABLE, "the coordinator cannot be reached or did not answer in time");
        list.put(" " + NOT_FOUND, "no such monitor (or token)");
        list.put(" " + FAILED, "the coordinator failed unexpectedly (see the message)");
        return list;
    }
}
