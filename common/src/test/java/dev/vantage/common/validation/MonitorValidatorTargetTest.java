package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.net.TargetPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The probe-target policy as the one validation path applies it: IP literals only, field "host", the rule and the fix named. */
class MonitorValidatorTargetTest {
    private static MonitorSpec spec(String host, int port) {
        return new MonitorSpec("web", host, port, Duration.ofSeconds(60), Duration.ofSeconds(10), List.of("eu-west"));
    }

    private static MonitorValidator validator(TargetPolicy targets) {
        return new MonitorValidator(Set.of("eu-west"), Set.of(), targets);
    }

    @Test
    void aLiteralInADeniedRangeIsRefusedNamingTheRuleAndTheFix() {
        assertThatThrownBy(() -> validator(TargetPolicy.defaults()).validate(spec("169.254.169.254", 80)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("host: 169.254.169.254 is in 169.254.0.0/16, which targets.deny refuses "
                        + "(link-local; cloud metadata services live here); probe another address or change targets.deny");
    }

    @Test
    void aBracketedIpv6LiteralIsCheckedWithoutItsBrackets() {
        assertThatThrownBy(() -> validator(TargetPolicy.defaults()).validate(spec("[fe80::1]", 80)))
                .hasMessageStartingWith("host: fe80::1 is in fe80::/10, which targets.deny refuses");
    }

    @Test
    void aPortRuleRefusesOnlyThatPortAndTheMessageShowsIt() {
        MonitorValidator v = validator(TargetPolicy.of(TargetPolicy.parseDeny("default,127.0.0.1/32:22"), List.of()));

        assertThatThrownBy(() -> v.validate(spec("127.0.0.1", 22)))
                .hasMessage("host: 127.0.0.1:22 is in 127.0.0.1/32:22, which targets.deny refuses; probe another address or change targets.deny");
        assertThatCode(() -> v.validate(spec("127.0.0.1", 23))).doesNotThrowAnyException();
    }

    @Test
    void anAddressOutsideTheAllowListNamesTargetsAllow() {
        MonitorValidator v = validator(TargetPolicy.of(TargetPolicy.builtInDeny(), TargetPolicy.parseRules("10.0.0.0/8")));

        assertThatThrownBy(() -> v.validate(spec("192.0.2.1", 80)))
                .hasMessage("host: 192.0.2.1 is in none of the ranges targets.allow allows (10.0.0.0/8); "
                        + "probe another address or change targets.allow");
    }

    @Test
    void namesAreLeftToTheAgentsWhoseViewCounts() {
        MonitorValidator v = validator(TargetPolicy.of(TargetPolicy.builtInDeny(), TargetPolicy.parseRules("10.0.0.0/8")));

        assertThatCode(() -> v.validate(spec("metadata.example.internal", 80))).doesNotThrowAnyException();
    }
}
