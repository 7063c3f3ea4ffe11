package dev.vantage.common.model;

/** Why a probe ran. */
public enum ResultKind {
    SCHEDULED,
    ON_DEMAND,
    RETRY,
    VERIFY
}
