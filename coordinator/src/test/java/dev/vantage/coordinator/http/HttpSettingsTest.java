package dev.vantage.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.config.PlaintextRule;
import dev.vantage.common.input.ValidationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    private static HttpSettings of(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return HttpSettings.fromProperties(p);
    }

    @Test
    void defaultsToLoopbackPort7480WithSeriesPerMonitorAndNoToken() {
        HttpSettings s = of();
        assertThat(s).isEqualTo(new HttpSettings(Optional.of(new HostPort("127.0.0.1", 7480)), true));
        assertThat(s.needsToken()).isFalse();
    }

    @Test
    void offServesNothingAndAnyOtherAddressThanLoopbackNeedsAToken() {
        assertThat(of("http.listen", "off").listen()).isEmpty();
        assertThat(of("http.listen", "0.0.0.0:7480").needsToken()).isTrue();
        assertThat(of("http.listen", "[::1]:7480").needsToken()).isFalse();
        assertThat(of("metrics.per_monitor", "false").perMonitor()).isFalse();
    }

    @Test
    void badValuesNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> of("http.listen", "127.0.0.1")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("http.listen: ").hasMessageEndingWith("; or off to serve no HTTP");
        assertThatThrownBy(() -> of("metrics.per_monitor", "yes")).isInstanceOf(ValidationException.class)
                .hasMessage("metrics.per_monitor: must be true or false, got 'yes'");
    }

    @Test
    void anAddressInUseIsAnErrorNamingTheKey() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpSettings s = of("http.listen", "127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(() -> CoordinatorHttp.start(s, new PlaintextRule(false, false), Optional.empty())).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("http.listen: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .hasMessageEndingWith("; choose a free address, or off");
        }
    }
}
