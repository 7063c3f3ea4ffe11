package dev.vantage.coordinator.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.input.ValidationException;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.coordinator.config.CoordinatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CanarySettingsTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static CanarySettings read(String... kv) {
        return CanarySettings.fromProperties(props(kv), TargetPolicy.defaults());
    }

    @Test
    void noCanariesByDefaultAndDocumentedThresholds() {
        CanarySettings s = CoordinatorConfig.defaults().canaries();

        assertThat(s.canaries()).isEmpty();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.degradeAfter()).isEqualTo(3);
        assertThat(s.recoverAfter()).isEqualTo(2);
    }

    @Test
    void canariesPerLocationInTheirOrder() {
        CanarySettings s = read("location.eu-west.canaries", " 192.0.2.10:443, dns.example:53,[2001:db8::1]:22 ",
                "location.us-east.canaries", "", "location.degrade_after", "5", "location.recover_after", "1");

        assertThat(s.canaries()).isEqualTo(Map.of("eu-west",
                List.of(new HostPort("192.0.2.10", 443), new HostPort("dns.example", 53), new HostPort("2001:db8::1", 22))));
        assertThat(s.degradeAfter()).isEqualTo(5);
        assertThat(s.recoverAfter()).isEqualTo(1);
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndTheFix() {
        assertThatThrownBy(() -> read("location.eu-west.canaries", "dns.example"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("location.eu-west.canaries: 'dns.example' is not HOST:PORT; write it like coordinator.example.net:7400 or [::1]:7400");
        assertThatThrownBy(() -> read("location.eu-west.canaries", "169.254.169.254:80"))
                .hasMessageStartingWith("location.eu-west.canaries: 169.254.169.254 is in 169.254.0.0/16")
                .hasMessageEndingWith("probe another address or change targets.deny");
        assertThatThrownBy(() -> read("location.degrade_after", "0"))
                .hasMessage("location.degrade_after: must be between 1 and 1000 canary rounds, got 0");
        assertThatThrownBy(() -> read("location.recover_after", "two"))
                .hasMessage("location.recover_after: 'two' is not a number of canary rounds; use 1 to 1000");
        assertThatThrownBy(() -> read("location.canary.interval", "2s"))
                .hasMessage("location.canary.timeout: must be above 0 and shorter than location.canary.interval (2s), got 3s");
        assertThatThrownBy(() -> read("location.canary.interval", "500ms"))
                .hasMessage("location.canary.interval: must be at least 1s, got 500ms");
    }

    @Test
    void aLocationThatIsNotConfiguredIsRefusedByTheConfig() {
        assertThatThrownBy(() -> CoordinatorConfig.fromProperties(props("location.mars.canaries", "192.0.2.1:80")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("location.mars.canaries: 'mars' is not one of locations [eu-west, us-east]; add it to locations or fix the key");
    }
}
