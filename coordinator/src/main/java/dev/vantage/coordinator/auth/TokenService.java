package dev.vantage.coordinator.auth;

import dev.vantage.common.text.Display;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoredToken;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Creates, lists, revokes and checks tokens. Checks run on every API call, so they read an in-memory
 * copy of the valid tokens' hashes, reloaded from the store after each change made here and by
 * {@link #maintain()}. Last use is kept in memory and written to the store by {@link #maintain()},
 * at most once a minute per token, so that a call never waits for a database write.
 */
public final class TokenService {
    /** How often {@link #maintain()} should run. */
    public static final Duration MAINTAIN_EVERY = Duration.ofSeconds(10);
    static final Duration WRITE_LAST_USE_EVERY = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    private final Store store;
    private final Clock clock;
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();
    private volatile List<Valid> valid;

    public TokenService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        reload();
    }

    /** A valid token and its hash, as checks need it. */
    private record Valid(Token token, byte[] hash) {
    }

    /**
     * @throws ValidationException naming {@code name} or {@code role} when either is bad
     * @throws DuplicateTokenException when the name is taken
     */
    public NewToken create(String name, Role role) {
        return create(name, role, Secrets.generate());
    }

    synchronized NewToken create(String name, Role role, String secret) {
        checkName(name);
        Instant now = clock.instant();
        StoredToken row = new StoredToken(name, role.word(), Secrets.hex(Secrets.hash(secret)), now, Optional.empty(), Optional.empty());
        if (!store.createToken(row)) {
            boolean revoked = store.tokens().stream().anyMatch(t -> t.name().equals(name) && t.revoked());
            throw new DuplicateTokenException(name, revoked);
        }
        reload();
        return new NewToken(new Token(name, role, Instant.ofEpochMilli(now.toEpochMilli()), Optional.empty()), secret);
    }

    /** The valid tokens by name, with their last use as this coordinator saw it. */
    public List<Token> list() {
        return store.tokens().stream().filter(t -> !t.revoked()).map(this::token).toList();
    }

    /** Whether the store has no tokens at all, revoked ones included: a fresh store. */
    public boolean none() {
        return store.tokens().isEmpty();
    }

    /**
     * Revokes a token; calls carrying it fail from now on.
     *
     * @throws NoSuchElementException when no valid token has that name
     * @throws ValidationException    when it is the last valid admin token: nobody could manage tokens any more
     */
    public synchronized Token revoke(String name) {
        List<Token> tokens = list();
        Token target = tokens.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new NoSuchElementException(
                "name: no valid token named " + Display.quote(name) + "; vantage token list shows them"));
        if (target.role() == Role.ADMIN && tokens.stream().filter(t -> t.role() == Role.ADMIN).count() == 1) {
            throw new ValidationException("name", "'" + name + "' is the last admin token; create another admin token first");
        }
        if (!store.revokeToken(name, clock.instant())) {
            throw new NoSuchElementException("name: no valid token named '" + name + "'; vantage token list shows them");
        }
        reload();
        return target;
    }

    /** The valid token whose secret this is, noting its use; empty for anything else. */
    public Optional<Token> verify(String secret) {
        byte[] hash = Secrets.hash(secret);
        // Every valid hash is compared in constant time, so the answer's timing tells nothing about how
        // close a guess came. Tokens are few, so looking at each is cheap.
        Token found = null;
        for (Valid v : valid) {
            if (MessageDigest.isEqual(v.hash(), hash)) {
                found = v.token();
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        lastSeen.put(found.name(), clock.instant());
        return Optional.of(found);
    }

    /**
     * Writes last uses that are new by a minute or more, then reloads the valid tokens (a token revoked
     * through another coordinator on a shared store stops working here within {@link #MAINTAIN_EVERY}).
     */
    public void maintain() {
        Map<String, Instant> due = new HashMap<>();
        lastSeen.forEach((name, seen) -> {
            Instant written = lastWritten.get(name);
            if (written == null || !seen.isBefore(written.plus(WRITE_LAST_USE_EVERY))) {
                due.put(name, seen);
            }
        });
        store.markTokensUsed(due);
        lastWritten.putAll(due);
        reload();
    }

    private void reload() {
        valid = store.tokens().stream().filter(t -> !t.revoked()).map(t -> new Valid(token(t), Secrets.unhex(t.hash()))).toList();
    }

    private Token token(StoredToken t) {
        Optional<Instant> used = t.lastUsedAt();
        Instant seen = lastSeen.get(t.name());
        if (seen != null && (used.isEmpty() || seen.isAfter(used.get()))) {
            used = Optional.of(seen);
        }
        return new Token(t.name(), Role.parse(t.role()), t.createdAt(), used);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException("name", "must be 1 to 63 of the characters A-Z a-z 0-9 . _ - (e.g. ci-reader)");
        }
    }
}
