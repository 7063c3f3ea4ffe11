package dev.vantage.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import org.junit.jupiter.api.Test;

class PlaintextRuleTest {
    private static final PlaintextRule PLAINTEXT = new PlaintextRule(false, false);

    @Test
    void loopbackAddressesAndNamesAreLoopbackAndEverythingElseIsNot() {
        assertThat(new HostPort("127.0.0.1", 1).isLoopback()).isTrue();
        assertThat(new HostPort("127.8.9.10", 1).isLoopback()).isTrue();
        assertThat(new HostPort("::1", 1).isLoopback()).isTrue();
        assertThat(new HostPort("localhost", 1).isLoopback()).isTrue();
        assertThat(new HostPort("0.0.0.0", 1).isLoopback()).isFalse();
        assertThat(new HostPort("::", 1).isLoopback()).isFalse();
        assertThat(new HostPort("10.0.0.5", 1).isLoopback()).isFalse();
    }

    @Test
    void plaintextBeyondLoopbackIsRefusedNamingTheFieldAddressAndFix() {
        assertThatThrownBy(() -> PLAINTEXT.require("http.listen", new HostPort("::", 7480), "bind it to loopback"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("http.listen: [::]:7480 is not a loopback address and TLS is off; bind it to loopback");
    }

    @Test
    void tlsLoopbackOrAnExplicitChoiceIsAllowed() {
        HostPort everywhere = new HostPort("0.0.0.0", 7480);
        assertThatCode(() -> new PlaintextRule(true, false).require("http.listen", everywhere, "-")).doesNotThrowAnyException();
        assertThatCode(() -> new PlaintextRule(false, true).require("http.listen", everywhere, "-")).doesNotThrowAnyException();
        assertThatCode(() -> PLAINTEXT.require("http.listen", new HostPort("127.0.0.1", 7480), "-")).doesNotThrowAnyException();
    }
}
