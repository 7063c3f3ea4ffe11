package dev.vantage.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;

import dev.vantage.common.input.ValidationException;
import dev.vantage.testkit.Gens;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Whatever a config file says for one key, the answer is a config or an error naming that key. */
class CoordinatorConfigPropertiesTest {
    /**
     * The keys fromProperties reads, each with the keys its error may name instead: a retry's initial
     * wait is checked against the maximum, which then names itself as the one to change.
     */
    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("listen", Set.of("listen")),
            Map.entry("locations", Set.of("locations", "default.locations")),
            Map.entry("default.locations", Set.of("default.locations")),
            Map.entry("store.url", Set.of("store.url")),
            Map.entry("store.user", Set.of("store.user")),
            Map.entry("store.password", Set.of("store.password")),
            Map.entry("results.retention", Set.of("results.retention", "results.rollup_retention")),
            Map.entry("results.rollup_retention", Set.of("results.rollup_retention")),
            Map.entry("agent.heartbeat", Set.of("agent.heartbeat")),
            Map.entry("alert.default.channels", Set.of("alert.default.channels")),
            Map.entry("alert.retry.initial", Set.of("alert.retry.initial", "alert.retry.max")),
            Map.entry("alert.retry.max", Set.of("alert.retry.max")),
            Map.entry("channel.hook.url", Set.of("channel.hook.url")),
            Map.entry("channel.hook.timeout", Set.of("channel.hook.timeout")),
            Map.entry("channel.hook.secret", Set.of("channel.hook.secret")),
            Map.entry("admin.initial_token_file", Set.of("admin.initial_token_file")),
            Map.entry("admin.rate_limit", Set.of("admin.rate_limit")),
            Map.entry("location.eu-west.canaries", Set.of("location.eu-west.canaries")),
            Map.entry("location.mars.canaries", Set.of("location.mars.canaries")),
            Map.entry("location.canary.interval", Set.of("location.canary.interval", "location.canary.timeout")),
            Map.entry("location.canary.timeout", Set.of("location.canary.timeout")),
            Map.entry("location.degrade_after", Set.of("location.degrade_after")),
            Map.entry("location.recover_after", Set.of("location.recover_after")));

    /** In a fixed order, so a seed QuickTheories reports replays the same keys (a Map.of key set has no fixed order). */
    private static Gen<String> keys() {
        return Generate.pick(KEYS.keySet().stream().sorted().toList());
    }

    private static Gen<String> values() {
        return Generate.oneOf(
                Gens.anyChars(60),
                Gens.stringsOf("0123456789smhd:.,[]-_ /\u001bé", 0, 30),
                Generate.pick(List.of("", "0", "0s", "-1", "99999999999999999999d", "0.0.0.0:99999", "[::1]:0", "eu-west,eu-west",
                        "https://u:p@x/", "ftp://x", "mars")));
    }

    @Test
    void anyValueOfAKeyIsAcceptedOrRefusedNamingThatKey() {
        qt().withExamples(200).forAll(keys(), values()).checkAssert((key, value) -> {
            Properties p = new Properties();
            p.setProperty("channel.hook.type", "webhook");
            p.setProperty("channel.hook.url", "https://hooks.example.com/vantage");
            p.setProperty("channel.hook.secret", "0123456789abcdef0123");
            p.setProperty(key, value);

            Throwable t = catchThrowable(() -> CoordinatorConfig.fromProperties(p));

            if (t != null) {
                assertThat(t).as("%s = %s", key, value).isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) t).field()).as("%s = %s: %s", key, value, t.getMessage()).isIn(KEYS.get(key));
                assertThat(t.getMessage()).doesNotContain("\u001b");
            }
        });
    }
}
