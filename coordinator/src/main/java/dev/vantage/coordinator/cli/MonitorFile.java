package dev.vantage.coordinator.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vantage.common.time.Durations;
import dev.vantage.proto.v1.BlackoutList;
import dev.vantage.proto.v1.ChannelList;
import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.MonitorDefinition;
import dev.vantage.proto.v1.PolicySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the monitors file of {@code vantage apply} and {@code vantage diff} token by token, keeping the
 * line of every entry and setting, so that each error names the file, the line and the field
 * ({@code monitors.yaml:12: monitors[1].port: ...}). Only syntax and types are checked here; what a
 * monitor may be (ranges, locations, channels, targets) is the coordinator's to say.
 *
 * <p>Settings and defaults are those of {@code vantage monitor create}; see {@link MonitorFileWriter} for
 * the format as {@code vantage export} writes it.
 */
final class MonitorFile {
    /** The settings of an entry, in the order export writes them. */
    static final List<String> SETTINGS = List.of("name", "host", "port", "interval", "timeout", "locations", "paused", "mode",
            "home-location", "fail-locations", "retry", "start-notify", "stop-notify", "remind-every", "notify-on-clear", "notify",
            "blackouts", "alert-when", "retry-interval", "regional-after", "notify-regional", "warn-connect-time", "warn-after",
            "notify-slow", "flap-changes", "flap-window");
    /** As {@code monitor create}'s defaults. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    /**
     * One monitor of the file.
     *
     * @param index its place in the list, from 0
     * @param line  the line it starts on
     * @param lines the line of each setting it has
     */
    record Entry(int index, int line, Map<String, Integer> lines, MonitorDefinition definition) {
        String name() {
            return definition.getMonitor().getName();
        }

        /** The line of a setting, else of the entry. */
        int lineOf(String setting) {
            return lines.getOrDefault(setting, line);
        }
    }

    private final String shownName;
    private final List<String> errors = new ArrayList<>();

    private MonitorFile(String shownName) {
        this.shownName = shownName;
    }

    /**
     * The file's entries and every error found in it (each {@code FILE:LINE: FIELD: problem}); entries
     * are only to be used when there is no error.
     */
    record Contents(List<Entry> entries, List<String> errors) {
    }

    /** @param shownName the file as the user named it, for messages */
    static Contents read(Path file, String shownName) {
        MonitorFile reader = new MonitorFile(shownName);
        List<Entry> entries;
        try (Reader in = Files.newBufferedReader(file)) {
            entries = reader.entries(in);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCodes.USAGE, "-f: " + shownName + " does not exist; give the path of a monitors file "
                    + "(vantage export > monitors.yaml writes one)");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, "-f: cannot read " + shownName + ": " + e.getMessage());
        }
        reader.checkNamesUnique(entries);
        return new Contents(entries, List.copyOf(reader.errors));
    }

    /** {@code FILE:LINE: problem}. */
    String at(int line, String problem) {
        return shownName + ":" + line + ": " + problem;
    }

    private List<Entry> entries(Reader in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = YAML.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) {
                return entries;
            }
            if (t != JsonToken.START_OBJECT) {
                errors.add(at(line(p), "the file must start with 'monitors:' followed by a list of monitors"));
                return entries;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p);
                JsonToken value = p.nextToken();
                if (!key.equals("monitors")) {
                    errors.add(at(line, key + ": unknown setting; the file holds one list, 'monitors:'"));
                    p.skipChildren();
                } else if (value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        entry(p, entries.size()).ifPresent(entries::add);
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    errors.add(at(line, "monitors: must be a list of monitors, each starting with '- name: ...'"));
                    p.skipChildren();
                }
            }
        } catch (StreamReadException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            // A syntax error makes what was read before it doubtful: report it alone.
            errors.clear();
            errors.add(at(line, "not valid YAML: " + problem(e.getOriginalMessage())));
        }
        return entries;
    }

    /** Reads one entry; empty (errors noted) when it is not a mapping. Always consumes the whole entry. */
    private Optional<Entry> entry(JsonParser p, int index) throws IOException {
        int line = line(p);
        String path = "monitors[" + index + "]";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            errors.add(at(line, path + ": must be a monitor (name: ..., host: ..., port: ...)"));
            p.skipChildren();
            return Optional.empty();
        }
        CreateMonitorRequest.Builder m = CreateMonitorRequest.newBuilder()
                .setIntervalMs(DEFAULT_INTERVAL.toMillis()).setTimeoutMs(DEFAULT_TIMEOUT.toMillis());
        PolicySettings.Builder policy = PolicySettings.newBuilder();
        boolean paused = false;
        Map<String, Integer> lines = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int at = line(p);
            p.nextToken();
            if (lines.putIfAbsent(key, at) != null) {
                errors.add(at(at, path + "." + key + ": given twice in this monitor; keep one"));
                p.skipChildren();
                continue;
            }
            try {
                switch (key) {
                    case "name" -> m.setName(text(p));
                    case "host" -> m.setHost(text(p));
                    case "port" -> m.setPort(port(p));
                    case "interval" -> m.setIntervalMs(duration(p).toMillis());
                    case "timeout" -> m.setTimeoutMs(duration(p).toMillis());
                    case "locations" -> m.addAllLocations(list(p));
                    case "paused" -> paused = bool(p);
                    case "mode" -> policy.setMode(text(p));
                    case "home-location" -> policy.setHomeLocation(text(p));
                    case "fail-locations" -> policy.setFailLocations(numberOrText(p));
                    case "retry" -> policy.setLocalRetry(bool(p));
                    case "start-notify" -> policy.setStartNotify(count(p));
                    case "stop-notify" -> policy.setStopNotify(count(p));
                    case "remind-every" -> policy.setRemindEveryMs(durationOrNone(p));
                    case "notify-on-clear" -> policy.setNotifyOnClear(bool(p));
                    case "notify" -> policy.setNotify(ChannelList.newBuilder().addAllNames(channels(list(p))));
                    case "blackouts" -> policy.setBlackouts(BlackoutList.newBuilder().addAllLines(list(p)));
                    case "alert-when" -> policy.setAlertWhen(text(p));
                    case "retry-interval" -> policy.setRetryIntervalMs(durationOrNone(p));
                    case "regional-after" -> policy.setRegionalAfter(count(p));
                    case "notify-regional" -> policy.setNotifyRegional(bool(p));
                    case "warn-connect-time" -> policy.setWarnConnectTimeMs(durationOrNone(p));
                    case "warn-after" -> policy.setWarnAfter(count(p));
                    case "notify-slow" -> policy.setNotifySlow(bool(p));
                    case "flap-changes" -> policy.setFlapChanges(count(p));
                    case "flap-window" -> policy.setFlapWindowMs(duration(p).toMillis());
                    default -> throw new BadValue("unknown setting; a monitor has " + String.join(", ", SETTINGS));
                }
            } catch (BadValue e) {
                errors.add(at(at, path + "." + key + ": " + e.getMessage()));
                p.skipChildren();
            }
        }
        for (String required : List.of("name", "host", "port")) {
            if (!lines.containsKey(required)) {
                errors.add(at(line, path + "." + required + ": missing; every monitor needs name, host and port"));
            }
        }
        return Optional.of(new Entry(index, line, Map.copyOf(lines),
                MonitorDefinition.newBuilder().setMonitor(m.setPolicy(policy)).setPaused(paused).build()));
    }

    /**
     * The YAML parser's own words without its echo of the file: SnakeYAML writes the problem on
     * unindented lines and the context (position, source line, caret) indented below each.
     */
    private static String problem(String message) {
        return String.join("; ", message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
    }

    private void checkNamesUnique(List<Entry> entries) {
        Map<String, Entry> byName = new HashMap<>();
        for (Entry e : entries) {
            Entry first = byName.putIfAbsent(e.name(), e);
            if (first != null && !e.name().isEmpty()) {
                errors.add(at(e.lineOf("name"), "monitors[" + e.index() + "].name: '" + e.name() + "' is also monitors["
                        + first.index() + "] (line " + first.line() + "); each monitor may appear once"));
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static String text(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BadValue("must be text, got " + shown(p));
        }
        return p.getText();
    }

    /** Numbers and text alike, as the CLI option takes them ({@code fail-locations: 2} or {@code all}). */
    private static String numberOrText(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING && p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new BadValue("must be a number or text, got " + shown(p));
        }
        return p.getText();
    }

    /** Only the type and sign: the coordinator checks the range, with the same message as for {@code --port}. */
    private static int port(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new BadValue("must be a number between 1 and 65535, got " + shown(p));
        }
        long n = p.getValueAsLong();
        if (n < 1 || n > Integer.MAX_VALUE || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new BadValue("must be between 1 and 65535, got " + p.getText());
        }
        return (int) n;
    }

    private static int count(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getValueAsLong() < 0 || p.getValueAsLong() > Integer.MAX_VALUE) {
            throw new BadValue("must be a whole number of 1 or more, got " + shown(p));
        }
        return p.getIntValue();
    }

    private static boolean bool(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw new BadValue("must be true or false, got " + shown(p));
        };
    }

    private static Duration duration(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            throw new BadValue("needs a unit, like " + p.getText() + "s or " + p.getText() + "m, got " + p.getText());
        }
        try {
            return Durations.parse(text(p));
        } catch (IllegalArgumentException e) {
            throw new BadValue(e.getMessage());
        }
    }

    /**
     * {@code none} or {@code 0s}: none, as the CLI's {@code --remind-every 0s}, {@code --retry-interval 0s} and
     * {@code --warn-connect-time 0s}.
     */
    private static long durationOrNone(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_STRING && p.getText().trim().equals("none") ? 0 : duration(p).toMillis();
    }

    /** A list of text; one text alone counts as a list of one. Always consumes the whole list. */
    private static List<String> list(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(p.getText());
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BadValue("must be a list, like [a, b], got " + shown(p));
        }
        List<String> items = new ArrayList<>();
        String bad = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                items.add(p.getText());
            } else if (bad == null) {
                bad = "item " + (items.size() + 1) + " must be text, got " + shown(p);
            }
            p.skipChildren();
        }
        if (bad != null) {
            throw new BadValue(bad);
        }
        return items;
    }

    /** As {@code --notify default}: the coordinator's default channels. */
    private static List<String> channels(List<String> names) {
        return names.equals(List.of("default")) ? List.of() : names;
    }

    private static String shown(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_NULL -> "nothing";
            case VALUE_STRING -> "'" + p.getText() + "'";
            default -> p.getText();
        };
    }

    /** A setting's value of the wrong type or form; the caller adds file, line and field. */
    private static final class BadValue extends RuntimeException {
        BadValue(String problem) {
            super(problem, null, false, false);
        }
    }
}
