package dev.vantage.common.model;

import dev.vantage.common.text.Display;
import dev.vantage.common.time.Durations;
import dev.vantage.common.input.Limits;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A window in which a monitor is not probed or not alerted: once ({@code --from … --to …}) or every
 * week on some days ({@code sun 02:00-04:00 UTC}). Windows are half-open: active from the start,
 * no longer at the end. Checked by {@link dev.vantage.common.validation.PolicyValidator}.
 */
public sealed interface Blackout {

    BlackoutEffect effect();

    /** Whether {@code at} falls in this blackout. */
    boolean isActive(Instant at);

    /**
     * When the blackout that is active at {@code at} ends (windows of this blackout that touch or
     * overlap are followed through); empty when it is not active at {@code at}.
     */
    Optional<Instant> endOf(Instant at);

    /**
     * One line for storage and display, read back by {@link #parse}:
     * {@code once 2024-05-01T02:00:00Z/2024-05-01T04:00:00Z stop-alerting} or
     * {@code weekly sat,sun 02:00+2h UTC stop-probing}.
     */
    String format();

    /** From {@code from} (inclusive) to {@code to} (exclusive). */
    record OneOff(Instant from, Instant to, BlackoutEffect effect) implements Blackout {
        public OneOff {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(effect, "effect");
        }

        @Override
        public boolean isActive(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }

        @Override
        public Optional<Instant> endOf(Instant at) {
            return isActive(at) ? Optional.of(to) : Optional.empty();
        }

        @Override
        public String format() {
            return "once " + from + "/" + to + " " + effect.word();
        }
    }

    /**
     * On each of {@code days}, from {@code start} (local time in {@code zone}) for {@code length};
     * a window may run past midnight into the next day.
     */
    record Weekly(Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone, BlackoutEffect effect)
            implements Blackout {
        /** Follow at most this many touching windows in {@link #endOf}; a week has at most 7. */
        private static final int MAX_CHAIN = 8;

        public Weekly {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(effect, "effect");
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        }

        @Override
        public boolean isActive(Instant at) {
            return windowEnd(at).isPresent();
        }

        @Override
        public Optional<Instant> endOf(Instant at) {
            Optional<Instant> end = windowEnd(at);
            if (end.isEmpty()) {
                return end;
            }
            Instant e = end.get();
            for (int i = 0; i < MAX_CHAIN; i++) {
                Optional<Instant> next = windowEnd(e);
                if (next.isEmpty() || !next.get().isAfter(e)) {
                    break;
                }
                e = next.get();
            }
            return Optional.of(e);
        }

        /** The latest end of the windows containing {@code at}. */
        private Optional<Instant> windowEnd(Instant at) {
            if (length.isZero() || length.isNegative() || days.isEmpty()) {
                return Optional.empty();
            }
            LocalDate today = at.atZone(zone).toLocalDate();
            Instant best = null;
            for (LocalDate d = today.minusDays(length.toDays() + 1); !d.isAfter(today); d = d.plusDays(1)) {
                if (!days.contains(d.getDayOfWeek())) {
                    continue;
                }
                Instant s = ZonedDateTime.of(d, start, zone).toInstant();
                Instant e = s.plus(length);
                if (!at.isBefore(s) && at.isBefore(e) && (best == null || e.isAfter(best))) {
                    best = e;
                }
            }
            return Optional.ofNullable(best);
        }

        @Override
        public String format() {
            String dayList = days.stream().sorted()
                    .map(d -> d.name().substring(0, 3).toLowerCase())
                    .collect(Collectors.joining(","));
            return "weekly " + dayList + " " + start + "+" + Durations.format(length) + " " + zone.getId() + " " + effect.word();
        }
    }

    /**
     * Reads {@link #format()}'s line. Weekly windows may also be written {@code 02:00-04:00}
     * (an end at or before the start means the next day).
     *
     * @throws IllegalArgumentException saying what is wrong and how it is written
     */
    static Blackout parse(String line) {
        Limits.length("blackout", line, Limits.BLACKOUT);
        List<String> parts = List.of(line.trim().split("\\s+"));
        try {
            if (parts.size() == 3 && parts.get(0).equals("once")) {
                String[] range = parts.get(1).split("/");
                if (range.length != 2) {
                    throw new IllegalArgumentException("expected <from>/<to>");
                }
                return new OneOff(Instant.parse(range[0]), Instant.parse(range[1]), BlackoutEffect.ofWord(parts.get(2)));
            }
            if (parts.size() == 5 && parts.get(0).equals("weekly")) {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                for (String d : parts.get(1).split(",")) {
                    days.add(dayOf(d));
                }
                String window = parts.get(2);
                LocalTime start;
                Duration length;
                int plus = window.indexOf('+');
                int dash = window.indexOf('-');
                if (plus > 0) {
                    start = LocalTime.parse(window.substring(0, plus));
                    length = Durations.parse(window.substring(plus + 1));
                } else if (dash > 0) {
                    start = LocalTime.parse(window.substring(0, dash));
                    LocalTime end = LocalTime.parse(window.substring(dash + 1));
                    length = Duration.between(start, end);
                    if (length.isNegative() || length.isZero()) {
                        length = length.plusDays(1);
                    }
                } else {
                    throw new IllegalArgumentException("expected HH:mm-HH:mm or HH:mm+<duration>");
                }
                return new Weekly(days, start, length, ZoneId.of(parts.get(3)), BlackoutEffect.ofWord(parts.get(4)));
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(Display.quote(line) + ": " + Display.bounded(e.getMessage(), Limits.BLACKOUT)
                    + "; write 'once <from>/<to> <effect>' or 'weekly sun 02:00-04:00 UTC <effect>'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Display.quote(line) + ": " + Display.bounded(e.getMessage(), Limits.BLACKOUT)
                    + "; write 'once <from>/<to> <effect>' or 'weekly sun 02:00-04:00 UTC <effect>'", e);
        }
        throw new IllegalArgumentException(Display.quote(line) + " is not a blackout; write 'once 2024-05-01T02:00:00Z/2024-05-01T04:00:00Z "
                + "stop-alerting' or 'weekly sat,sun 02:00-04:00 UTC stop-probing'");
    }

    /** {@code mon}, {@code monday}, {@code MON}: any case, three letters or the full name. */
    static DayOfWeek dayOf(String text) {
        String t = text.trim().toUpperCase();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || (t.length() == 3 && d.name().startsWith(t))) {
                return d;
            }
        }
        throw new IllegalArgumentException(Display.quote(text) + " is not a day of the week; use mon, tue, wed, thu, fri, sat or sun");
    }
}
