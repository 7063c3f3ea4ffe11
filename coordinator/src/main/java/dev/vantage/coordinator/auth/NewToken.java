package dev.vantage.coordinator.auth;

/** A token just made, with its secret: the only time the secret exists outside its holder's hands. */
public record NewToken(Token token, String secret) {
    /** Without the secret, so that logging the value never leaks it. */
    @Override
    public String toString() {
        return "NewToken[token=" + token + ", secret=(hidden)]";
    }
}
