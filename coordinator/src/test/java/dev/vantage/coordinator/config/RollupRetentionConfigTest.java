package dev.vantage.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RollupRetentionConfigTest {

    @Test
    void rollupsAreKeptFourHundredDaysUnlessSaidOtherwise() {
        assertThat(CoordinatorConfig.defaults().rollupRetention()).isEqualTo(Duration.ofDays(400));
        assertThat(config("results.rollup_retention", "800d").rollupRetention()).isEqualTo(Duration.ofDays(800));
    }

    @Test
    void rollupsKeptShorterThanResultsAreRefusedNamingTheKeyAndTheFix() {
        Properties p = new Properties();
        p.setProperty("results.retention", "30d");
        p.setProperty("results.rollup_retention", "7d");

        assertThatThrownBy(() -> CoordinatorConfig.fromProperties(p)).isInstanceOf(ValidationException.class)
                .hasMessage("results.rollup_retention: 7d is shorter than results.retention 30d;"
                        + " keep rollups at least as long as results (default 400d)");
    }

    private static CoordinatorConfig config(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return CoordinatorConfig.fromProperties(p);
    }
}
