package dev.vantage.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private Store store;
    private TokenService tokens;

    @BeforeEach
    void open() {
        store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")));
        tokens = new TokenService(store, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aNewSecretIsThirtyTwoRandomBytesInBase64UrlAndOnlyItsHashIsStored() {
        NewToken made = tokens.create("ci", Role.READ);

        assertThat(made.secret()).matches("vt_[A-Za-z0-9_-]{43}");
        assertThat(made.toString()).doesNotContain(made.secret());
        assertThat(store.tokens()).singleElement().satisfies(t -> {
            assertThat(t.hash()).hasSize(64).isEqualTo(Secrets.hex(Secrets.hash(made.secret())));
            assertThat(t.toString()).doesNotContain(made.secret());
        });
        assertThat(tokens.create("other", Role.READ).secret()).isNotEqualTo(made.secret());
    }

    @Test
    void verifyKnowsTheSecretOfAValidTokenOnly() {
        NewToken made = tokens.create("ci", Role.OPERATE);

        assertThat(tokens.verify(made.secret())).map(Token::name).contains("ci");
        assertThat(tokens.verify(made.secret() + "x")).isEmpty();
        assertThat(tokens.verify("")).isEmpty();

        tokens.create("admin", Role.ADMIN);
        tokens.revoke("ci");
        assertThat(tokens.verify(made.secret())).isEmpty();
    }

    @Test
    void namesAreCheckedAndNeverReused() {
        tokens.create("ci", Role.READ);
        tokens.create("admin", Role.ADMIN);
        tokens.revoke("ci");

        assertThatThrownBy(() -> tokens.create("ci", Role.READ)).isInstanceOf(DuplicateTokenException.class)
                .hasMessage("name: a token named 'ci' existed and was revoked; pick another name");
        assertThatThrownBy(() -> tokens.create("admin", Role.READ)).isInstanceOf(DuplicateTokenException.class)
                .hasMessage("name: a token named 'admin' already exists; pick another name");
        assertThatThrownBy(() -> tokens.create("bad name\u001b[2J", Role.READ)).isInstanceOf(ValidationException.class)
                .hasMessage("name: must be 1 to 63 of the characters A-Z a-z 0-9 . _ - (e.g. ci-reader)");
        assertThatThrownBy(() -> tokens.create("x".repeat(64), Role.READ)).hasMessageStartingWith("name: must be 1 to 63");
        assertThatThrownBy(() -> Role.parse("root")).hasMessage("role: must be one of read, operate, admin");
    }

    @Test
    void revokingAnUnknownNameOrTheLastAdminTokenIsRefused() {
        tokens.create("admin", Role.ADMIN);

        assertThatThrownBy(() -> tokens.revoke("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("name: no valid token named 'nope'; vantage token list shows them");
        assertThatThrownBy(() -> tokens.revoke("admin")).isInstanceOf(ValidationException.class)
                .hasMessage("name: 'admin' is the last admin token; create another admin token first");
    }

    @Test
    void lastUseIsWrittenAtMostOnceAMinuteAndOffTheCall() {
        NewToken made = tokens.create("ci", Role.READ);

        tokens.verify(made.secret());
        assertThat(store.tokens().get(0).lastUsedAt()).as("not written by the call").isEmpty();
        assertThat(tokens.list().get(0).lastUsedAt()).as("but listed").contains(T0);

        tokens.maintain();
        assertThat(store.tokens().get(0).lastUsedAt()).contains(T0);

        clock.advance(Duration.ofSeconds(30));
        tokens.verify(made.secret());
        tokens.maintain();
        assertThat(store.tokens().get(0).lastUsedAt()).as("within the minute").contains(T0);

        clock.advance(Duration.ofSeconds(30));
        tokens.verify(made.secret());
        tokens.maintain();
        assertThat(store.tokens().get(0).lastUsedAt()).contains(T0.plusSeconds(60));
    }

    @Test
    void theInitialTokenIsMadeOnlyForAStoreWithNoTokens() throws Exception {
        Path file = dir.resolve("admin.token");

        assertThat(InitialToken.ensure(tokens, file)).contains(file);
        String secret = java.nio.file.Files.readString(file).trim();
        assertThat(tokens.verify(secret)).map(Token::role).contains(Role.ADMIN);

        assertThat(InitialToken.ensure(tokens, dir.resolve("other.token"))).isEqualTo(Optional.empty());
        assertThat(dir.resolve("other.token")).doesNotExist();
    }
}
