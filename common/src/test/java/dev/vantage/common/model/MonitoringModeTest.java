package dev.vantage.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonitoringModeTest {

    @Test
    void defaultModeIsGlobalVerify() {
        assertThat(MonitoringMode.DEFAULT).isEqualTo(new MonitoringMode.GlobalVerify());
        assertThat(AlertPolicy.defaults().mode().word()).isEqualTo("global-verify");
        assertThat(AlertPolicy.defaults().localRetry()).isTrue();
    }

    @Test
    void cliWordsParseWithTheirParameters() {
        assertThat(MonitoringMode.parse("global-notify", Optional.empty(), Optional.empty())).isEqualTo(new MonitoringMode.GlobalNotify());
        assertThat(MonitoringMode.parse("round-robin", Optional.empty(), Optional.empty())).isEqualTo(new MonitoringMode.RoundRobin());
        assertThat(MonitoringMode.parse("primary", Optional.of("eu-west"), Optional.empty()))
                .isEqualTo(new MonitoringMode.Primary("eu-west"));
        assertThat(MonitoringMode.parse("sla", Optional.empty(), Optional.of("2"))).isEqualTo(MonitoringMode.Sla.atLeast(2));
        assertThat(MonitoringMode.parse("SLA", Optional.empty(), Optional.of("all"))).isEqualTo(MonitoringMode.Sla.all());
    }

    @Test
    void formattedModesReadBack() {
        for (MonitoringMode m : new MonitoringMode[] {new MonitoringMode.GlobalVerify(), new MonitoringMode.GlobalNotify(),
                new MonitoringMode.RoundRobin(), new MonitoringMode.Primary("us-east"), MonitoringMode.Sla.atLeast(3),
                MonitoringMode.Sla.all()}) {
            assertThat(MonitoringMode.parse(m.format())).isEqualTo(m);
        }
        assertThat(MonitoringMode.Sla.all().describe()).isEqualTo("sla --fail-locations all");
        assertThat(new MonitoringMode.Primary("us-east").format()).isEqualTo("primary:us-east");
    }

    @Test
    void unknownModeNamesTheModeField() {
        assertThatThrownBy(() -> MonitoringMode.parse("everywhere", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("mode"))
                .hasMessageContaining("global-verify");
    }

    @Test
    void missingOrMisplacedParametersNameTheirFields() {
        assertThatThrownBy(() -> MonitoringMode.parse("primary", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("home-location"));
        assertThatThrownBy(() -> MonitoringMode.parse("sla", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("fail-locations"));
        assertThatThrownBy(() -> MonitoringMode.parse("sla", Optional.empty(), Optional.of("most")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("fail-locations"));
        assertThatThrownBy(() -> MonitoringMode.parse("global-notify", Optional.empty(), Optional.of("2")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("fail-locations"));
        assertThatThrownBy(() -> MonitoringMode.parse("round-robin", Optional.of("eu-west"), Optional.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("home-location"));
    }

    @Test
    void slaAllNeedsEveryAnsweringLocation() {
        assertThat(MonitoringMode.Sla.all().threshold(3)).isEqualTo(3);
        assertThat(MonitoringMode.Sla.atLeast(2).threshold(3)).isEqualTo(2);
    }
}
