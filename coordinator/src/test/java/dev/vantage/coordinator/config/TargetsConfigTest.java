package dev.vantage.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.net.AddressRule;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.input.ValidationException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TargetsConfigTest {
    private static CoordinatorConfig config(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return CoordinatorConfig.fromProperties(p);
    }

    @Test
    void withoutKeysTheBuiltInDenyListAppliesAndEverythingElseIsAllowed() {
        CoordinatorConfig c = config();

        assertThat(c.targets().deny()).isEqualTo(TargetPolicy.builtInDeny());
        assertThat(c.targets().allow()).isEmpty();
    }

    @Test
    void targetsDenyReplacesTheBuiltInListAndDefaultBringsItBack() {
        assertThat(config("targets.deny", "10.0.0.0/8").targets().deny()).containsExactly(AddressRule.parse("10.0.0.0/8"));
        assertThat(config("targets.deny", "").targets().deny()).isEmpty();
        assertThat(config("targets.deny", "default,10.0.0.0/8").targets().deny())
                .containsAll(TargetPolicy.builtInDeny()).contains(AddressRule.parse("10.0.0.0/8"));
        assertThat(config("targets.allow", "10.0.0.0/8, 192.168.0.0/16:443").targets().allow())
                .extracting(AddressRule::toString).containsExactly("10.0.0.0/8", "192.168.0.0/16:443");
    }

    @Test
    void aBadRuleNamesTheKeyTheItemAndTheFix() {
        assertThatThrownBy(() -> config("targets.deny", "default,10.0.0.0/33"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("targets.deny: '10.0.0.0/33': prefix length must be 0-32 for IPv4");
        assertThatThrownBy(() -> config("targets.allow", "10.0.0.1/8"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("targets.allow: '10.0.0.1/8': host bits are set after the first 8; write 10.0.0.0/8");
    }
}
