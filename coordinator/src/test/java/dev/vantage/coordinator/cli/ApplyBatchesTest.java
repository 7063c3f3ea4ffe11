package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.MonitorDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How apply splits a file into ApplyMonitors calls: by count, and by bytes so each call fits the coordinator's 1 MiB limit. */
class ApplyBatchesTest {
    @Test
    void smallMonitorsGoFiveHundredACall() {
        List<List<MonitorFile.Entry>> batches = ApplyCommands.batches(entries(1_200, 10));

        assertThat(batches).extracting(List::size).containsExactly(500, 500, 200);
        assertThat(batches.get(1).get(0).index()).isEqualTo(500);
    }

    @Test
    void largeMonitorsGoFewerACallAndEveryCallStaysUnderTheLimit() {
        List<List<MonitorFile.Entry>> batches = ApplyCommands.batches(entries(100, 10_000));

        assertThat(batches).hasSizeGreaterThan(1);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(100);
        for (List<MonitorFile.Entry> batch : batches) {
            assertThat(batch.stream().mapToInt(e -> e.definition().getSerializedSize()).sum()).isLessThanOrEqualTo(ApplyCommands.BATCH_BYTES);
        }
    }

    private static List<MonitorFile.Entry> entries(int count, int hostLength) {
        return IntStream.range(0, count).mapToObj(i -> new MonitorFile.Entry(i, 2 + i, Map.of(), MonitorDefinition.newBuilder()
                .setMonitor(CreateMonitorRequest.newBuilder().setName("m" + i).setHost("h".repeat(hostLength)).setPort(80)).build()))
                .toList();
    }
}
