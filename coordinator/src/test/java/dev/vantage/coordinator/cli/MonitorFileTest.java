package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.vantage.proto.v1.BlackoutList;
import dev.vantage.proto.v1.ChannelList;
import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.Monitor;
import dev.vantage.proto.v1.PolicySettings;
import dev.vantage.testkit.Gens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitors file as {@code export} writes it and {@code apply} reads it, without a coordinator. */
class MonitorFileTest {
    @TempDir
    Path dir;

    @Test
    void anyTextExportedReadsBackAsTheSameText() {
        String alphabet = "aZ09.-_ :#'\"\\,[]{}&*!|>%@`?\t\n\r\u0000\u0007\u007f\u0085\u00a0é€\ud83d\ude00-+~yesnotrue";
        qt().forAll(Gens.stringsOf(alphabet, 1, 20), Gens.stringsOf(alphabet, 0, 20)).checkAssert((host, channel) -> {
            Monitor m = monitor(host, channel);
            MonitorFile.Contents read = read(MonitorFileWriter.write(List.of(m)));
            assertThat(read.errors()).isEmpty();
            CreateMonitorRequest back = read.entries().get(0).definition().getMonitor();
            assertThat(back.getHost()).isEqualTo(host);
            assertThat(back.getPolicy().getNotify().getNamesList()).containsExactly(channel);
            assertThat(back.getPolicy().getBlackouts().getLinesList()).containsExactly(channel);
        });
    }

    @Test
    void omittedSettingsTakeMonitorCreateDefaultsAndNothingOfThePolicyIsSent() {
        MonitorFile.Contents read = read("""
                monitors:
                  - name: web
                    host: web.example
                    port: 443
                """);

        CreateMonitorRequest m = read.entries().get(0).definition().getMonitor();
        assertThat(m.getIntervalMs()).isEqualTo(60_000);
        assertThat(m.getTimeoutMs()).isEqualTo(10_000);
        assertThat(m.getLocationsList()).isEmpty();
        assertThat(m.getPolicy()).isEqualTo(PolicySettings.getDefaultInstance());
        assertThat(read.entries().get(0).definition().getPaused()).isFalse();
    }

    @Test
    void everyErrorOfTheFileIsReportedWithItsLine() {
        MonitorFile.Contents read = read("""
                monitors:
                  - name: web
                    host: web.example
                    port: 443
                    locations: [eu-west, 7]
                    retry: maybe
                  - name: web
                    port: 80
                  - just text
                """);

        assertThat(read.errors()).containsExactly(
                "f.yaml:5: monitors[0].locations: item 2 must be text, got 7",
                "f.yaml:6: monitors[0].retry: must be true or false, got 'maybe'",
                "f.yaml:7: monitors[1].host: missing; every monitor needs name, host and port",
                "f.yaml:9: monitors[2]: must be a monitor (name: ..., host: ..., port: ...)",
                "f.yaml:7: monitors[1].name: 'web' is also monitors[0] (line 2); each monitor may appear once");
    }

    private static Monitor monitor(String host, String channel) {
        return Monitor.newBuilder().setName("m").setHost(host).setPort(80).setIntervalMs(60_000).setTimeoutMs(10_000)
                .addLocations("eu-west")
                .setPolicy(PolicySettings.newBuilder().setMode("global-verify").setLocalRetry(true).setStartNotify(1).setStopNotify(1)
                        .setNotifyOnClear(true)
                        .setNotify(ChannelList.newBuilder().addNames(channel))
                        .setBlackouts(BlackoutList.newBuilder().addLines(channel)))
                .build();
    }

    private MonitorFile.Contents read(String yaml) {
        try {
            return MonitorFile.read(Files.writeString(dir.resolve("f.yaml"), yaml), "f.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
