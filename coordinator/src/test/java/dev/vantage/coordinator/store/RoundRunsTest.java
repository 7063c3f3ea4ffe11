package dev.vantage.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoundRunsTest {
    private static final long HOUR = JdbcRollups.floorHour(1_795_000_000_000L);

    @Test
    void anyRoundsOfAnHourComeBackExactly() {
        qt().forAll(lists().of(integers().between(-30_000, 3_600_000)).ofSizeBetween(0, 400), lists().of(booleans().all()).ofSize(400))
                .checkAssert((offsets, verdicts) -> {
                    TreeMap<Long, Boolean> rounds = new TreeMap<>();
                    for (int i = 0; i < offsets.size(); i++) {
                        rounds.put(HOUR + offsets.get(i), verdicts.get(i));
                    }
                    long[] packed = rounds.entrySet().stream().mapToLong(e -> RoundRuns.pack(e.getKey(), e.getValue())).toArray();

                    LongList decoded = new LongList();
                    RoundRuns.decode(HOUR, RoundRuns.encode(HOUR, packed, packed.length), decoded);

                    assertThat(Arrays.copyOf(decoded.sorted(), decoded.size())).containsExactly(packed);
                });
    }

    @Test
    void anHourOfRegularRoundsIsOneRunOfAFewBytes() {
        long[] packed = new long[360];
        for (int k = 0; k < 360; k++) {
            packed[k] = RoundRuns.pack(HOUR + 1_234 + k * 10_000L, true);
        }

        assertThat(RoundRuns.encode(HOUR, packed, packed.length)).hasSizeLessThanOrEqualTo(8);
    }
}
