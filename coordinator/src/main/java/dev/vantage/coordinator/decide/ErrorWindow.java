package dev.vantage.coordinator.decide;

import dev.vantage.common.model.AlertWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@code --alert-when} window remembers of a monitor's latest decided rounds, and whether it
 * is met. Pure: no clock, no I/O; time is the rounds' due times.
 *
 * <p>{@code "K of N"} keeps the latest N rounds as error or not and is met when K of them are errors.
 * {@code "D in W"} keeps the periods the monitor was failing: from an error round to the next round
 * when that one is an error too (the target was seen failing at both ends, so it is taken as failing
 * in between); a lone error round counts as no time. It is met when those periods add up to D within
 * the latest W. Only ERROR rounds are errors: a WARNING (a failure the mode does not count) breaks a
 * failing period as an OK round does; UNKNOWN rounds (no agent anywhere) leave the window as it is.
 *
 * <p>A window that holds no error is {@link #empty()}, so a healthy monitor's state does not change
 * from round to round and costs no store write.
 *
 * @param rounds      "K of N": the latest rounds, oldest first, {@code x} an error and {@code .} not;
 *                    empty when none of them is an error
 * @param spans       "D in W": the failing periods that still reach into the window, oldest first
 * @param failingNow  "D in W": the latest round was an error, so the last span may grow
 * @param firstError  when the first failing probe ran since the window last held no error
 */
public record ErrorWindow(String rounds, List<Span> spans, boolean failingNow, Optional<Instant> firstError) {
    /** The most failing periods kept; older ones are dropped first (a window can only undercount then). */
    static final int MAX_SPANS = 1000;
    private static final char ERROR = 'x';
    private static final char PASSED = '.';
    private static final ErrorWindow EMPTY = new ErrorWindow("", List.of(), false, Optional.empty());

    /** A period the monitor was failing, from one error round's due time to a later one's. */
    public record Span(Instant from, Instant to) {
        public Span {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    public ErrorWindow {
        Objects.requireNonNull(rounds, "rounds");
        Objects.requireNonNull(firstError, "firstError");
        spans = List.copyOf(spans);
    }

    /** The same instance every time: most monitors' windows are empty, and their rounds should cost nothing here. */
    public static ErrorWindow empty() {
        return EMPTY;
    }

    /** The window after one more decided round; an UNKNOWN round changes nothing. */
    public ErrorWindow after(AlertWindow rule, RoundVerdict round) {
        if (round.verdict() == Verdict.UNKNOWN) {
            return this;
        }
        boolean error = round.verdict() == Verdict.ERROR;
        Instant dueAt = round.dueAt();
        ErrorWindow next = rule instanceof AlertWindow.Rounds r ? afterRound(r, error) : afterTime((AlertWindow.Time) rule, error, dueAt);
        if (next.isEmpty()) {
            return empty();
        }
        Optional<Instant> first = firstError.isPresent() || !error ? firstError : Optional.of(round.firstFailureAt().orElse(dueAt));
        return new ErrorWindow(next.rounds, next.spans, next.failingNow, first);
    }

    /** Whether the window holds what opens the incident, as of the round due at {@code dueAt}. */
    public boolean isMet(AlertWindow rule, Instant dueAt) {
        if (rule instanceof AlertWindow.Rounds r) {
            return errorRounds() >= r.errors();
        }
        AlertWindow.Time t = (AlertWindow.Time) rule;
        return failingWithin(t.window(), dueAt).compareTo(t.failing()) >= 0;
    }

    /** "K of N": the error rounds among the rounds kept. */
    public int errorRounds() {
        return (int) rounds.chars().filter(c -> c == ERROR).count();
    }

    /** "D in W": how long the monitor was failing within {@code window} before {@code dueAt}. */
    public Duration failingWithin(Duration window, Instant dueAt) {
        Instant start = dueAt.minus(window);
        Duration total = Duration.ZERO;
        for (Span s : spans) {
            Instant from = s.from().isBefore(start) ? start : s.from();
            Instant to = s.to().isAfter(dueAt) ? dueAt : s.to();
            if (to.isAfter(from)) {
                total = total.plus(Duration.between(from, to));
            }
        }
        return total;
    }

    private boolean isEmpty() {
        return rounds.indexOf(ERROR) < 0 && spans.isEmpty();
    }

    private ErrorWindow afterRound(AlertWindow.Rounds rule, boolean error) {
        String all = rounds + (error ? ERROR : PASSED);
        String kept = all.substring(Math.max(0, all.length() - rule.rounds()));
        return new ErrorWindow(kept, List.of(), false, Optional.empty());
    }

    private ErrorWindow afterTime(AlertWindow.Time rule, boolean error, Instant dueAt) {
        List<Span> next = new ArrayList<>(spans);
        if (error && failingNow && !next.isEmpty()) {
            Span last = next.remove(next.size() - 1);
            next.add(new Span(last.from(), dueAt));
        } else if (error) {
            next.add(new Span(dueAt, dueAt));
        }
        Instant start = dueAt.minus(rule.window());
        // A span that ends before the window starts cannot count again (one the latest round grew ends now).
        next.removeIf(s -> s.to().isBefore(start));
        while (next.size() > MAX_SPANS) {
            next.remove(0);
        }
        return new ErrorWindow("", next, error, Optional.empty());
    }
}
