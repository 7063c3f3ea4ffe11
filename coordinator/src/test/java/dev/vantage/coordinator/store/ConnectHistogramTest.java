package dev.vantage.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectHistogramTest {

    @Test
    void everyPercentileIsWithinTheStatedErrorOfTheNearestRankValue() {
        qt().forAll(lists().of(longs().between(0, 120_000_000_000L)).ofSizeBetween(1, 400), integers().between(1, 100))
                .checkAssert((values, p) -> {
                    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
                    ConnectHistogram h = histogram(values);

                    long exact = new ConnectTimes.Exact(sorted).percentile(p);

                    assertThat((double) Math.abs(h.percentile(p) - exact)).isLessThanOrEqualTo(ConnectHistogram.RELATIVE_ERROR * exact + 1);
                });
    }

    @Test
    void histogramsOfHoursAddUpToTheHistogramOfTheirValuesAndSurviveTheirBlob() {
        qt().forAll(lists().of(longs().between(0, 10_000_000_000L)).ofSizeBetween(0, 200),
                lists().of(longs().between(0, 10_000_000_000L)).ofSizeBetween(0, 200)).checkAssert((first, second) -> {
                    ConnectHistogram sum = ConnectHistogram.decode(histogram(first).encode());
                    sum.addAll(ConnectHistogram.decode(histogram(second).encode()));
                    ConnectHistogram all = histogram(first);
                    second.forEach(all::add);

                    assertThat(sum.encode()).isEqualTo(all.encode());
                    assertThat(sum.count()).isEqualTo(first.size() + second.size());
                });
    }

    @Test
    void aHandWorkedHour() {
        // 100 connect times of 1..100 ms: nearest rank p50 = 50 ms, p95 = 95 ms, p99 = 99 ms. 50 ms = 1.02^x ns with
        // x = ln(5e7)/ln(1.02) = 895.21, so bucket 896, (1.02^895, 1.02^896] = (49.791, 50.787] ms, midpoint
        // 2 × 1.02^896 / 2.02 = 50.284313 ms: 0.57 % above 50 ms. Likewise 95 ms: bucket 928, (93.834, 95.710] ms,
        // 94.762830 ms (0.25 % below); 99 ms: bucket 930, (97.625, 99.577] ms, 98.591248 ms (0.41 % below).
        ConnectHistogram h = new ConnectHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.add(ms * 1_000_000L);
        }

        assertThat(ConnectHistogram.bucket(50_000_000)).isEqualTo(896);
        assertThat(h.percentile(50)).isEqualTo(ConnectHistogram.midpoint(896)).isEqualTo(50_284_313L);
        assertThat(h.percentile(95)).isEqualTo(94_762_830L);
        assertThat(h.percentile(99)).isEqualTo(98_591_248L);
        assertThat(h.encode()).hasSizeLessThan(250);
    }

    private static ConnectHistogram histogram(List<Long> values) {
        ConnectHistogram h = new ConnectHistogram();
        values.forEach(h::add);
        return h;
    }
}
