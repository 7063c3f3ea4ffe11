package dev.vantage.coordinator.decide;

import dev.vantage.common.model.AlertPolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code --retry-interval}: whether a monitor's next round comes sooner than its beat. Pure.
 *
 * <p>After a round in which a location failed (an ERROR, or a WARNING: a failure the mode did not
 * count yet), while no incident is open, the next round is due one retry interval after this one,
 * as Icinga's soft states are rechecked at their retry interval. It ends at the first round that
 * passes or opens the incident, and after {@link AlertPolicy#MAX_FASTER_ROUNDS} faster rounds in a row: then
 * the monitor keeps its normal interval until a round passes. A spell of faster rounds can only
 * start from a round on the beat, so a target that fails and recovers over and over costs at most
 * {@code 1 + MAX_FASTER_ROUNDS} rounds per interval (and never more than one round per retry
 * interval), not without limit. An UNKNOWN round (no agent anywhere) says nothing about the target:
 * it keeps the count and the beat.
 */
public final class RetryPace {
    private RetryPace() {
    }

    /**
     * What comes after a round: when the next round is due if sooner than the beat, and the count of
     * faster rounds in a row to pass to the next call.
     *
     * @param nextRound   the sooner due time; empty: the next round is on the beat
     * @param fasterSoFar faster rounds in the current spell
     */
    public record Pace(Optional<Instant> nextRound, int fasterSoFar) {
    }

    private static final Pace BEAT = new Pace(Optional.empty(), 0);

    /**
     * @param fasterSoFar  what the previous call returned (0 at first)
     * @param incidentOpen whether the monitor is DOWN after this round
     */
    public static Pace after(AlertPolicy policy, RoundVerdict round, boolean incidentOpen, int fasterSoFar) {
        if (policy.retryInterval().isEmpty()) {
            return BEAT;
        }
        if (round.verdict() == Verdict.UNKNOWN) {
            return fasterSoFar == 0 ? BEAT : new Pace(Optional.empty(), fasterSoFar);
        }
        boolean failed = round.verdict() == Verdict.ERROR || round.verdict() == Verdict.WARNING;
        if (!failed || incidentOpen) {
            return BEAT;
        }
        if (fasterSoFar >= AlertPolicy.MAX_FASTER_ROUNDS) {
            return new Pace(Optional.empty(), fasterSoFar);
        }
        return new Pace(Optional.of(round.dueAt().plus(policy.retryInterval().get())), fasterSoFar + 1);
    }
}
