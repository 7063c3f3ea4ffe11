package dev.vantage.common.model;

/** Why a probe ran. */
public enum ResultKind {
    SCHEDULED,
    ON_DEMAND,
    RETRY,
    VERIFY,
    /** The first probe of a catch-up round: the monitor's round fell due while no coordinator was active. */
    LATE
}
