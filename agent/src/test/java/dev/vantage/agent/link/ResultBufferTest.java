package dev.vantage.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.agent.config.ResultBuffering;
import dev.vantage.proto.v1.AgentResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent keeps each result until the coordinator acknowledges it, sends it again on every new stream, and stays bounded. */
class ResultBufferTest {
    @TempDir
    Path dir;

    private static AgentResult result(long monitor) {
        return AgentResult.newBuilder().setJobId(monitor).setMonitorId(monitor).setDueAtUnixMs(1_764_158_400_000L + monitor).build();
    }

    private static List<Long> monitors(List<AgentResult> rs) {
        return rs.stream().map(AgentResult::getMonitorId).toList();
    }

    @Test
    void aResultSentButNotAcknowledgedGoesUpAgainOnTheNextStream() {
        try (ResultBuffer buffer = new ResultBuffer(new ResultBuffering(10, Optional.empty()), "a1")) {
            buffer.add(result(1));
            buffer.add(result(2));
            buffer.add(result(3));
            List<AgentResult> sent = buffer.nextToSend(2);
            assertThat(monitors(sent)).containsExactly(1L, 2L);
            assertThat(sent).extracting(AgentResult::getSequence).containsExactly(1L, 2L);
            assertThat(monitors(buffer.nextToSend(10))).containsExactly(3L);
            assertThat(buffer.nextToSend(10)).isEmpty();

            buffer.acknowledged(List.of(1L, 3L));
            assertThat(buffer.waiting()).isEqualTo(1);
            buffer.resendAll();

            assertThat(monitors(buffer.nextToSend(10))).containsExactly(2L);
        }
    }

    @Test
    void aJobForARoundAlreadyProbedIsAnsweredFromTheHeldResultUnderTheNewJobId() {
        try (ResultBuffer buffer = new ResultBuffer(new ResultBuffering(10, Optional.empty()), "a1")) {
            AgentResult first = result(1);
            buffer.add(first);
            buffer.add(result(2));
            buffer.nextToSend(10);

            // the same round handed out again under job 900; a round not probed yet is not answered
            assertThat(buffer.answerAgain(900, 1, first.getDueAtUnixMs(), first.getKind())).isTrue();
            assertThat(buffer.answerAgain(901, 1, first.getDueAtUnixMs() + 10_000, first.getKind())).isFalse();
            assertThat(buffer.answerAgain(902, 1, 0, first.getKind())).isFalse();

            assertThat(buffer.waiting()).isEqualTo(2);
            List<AgentResult> again = buffer.nextToSend(10);
            assertThat(again).singleElement().satisfies(r -> {
                assertThat(r.getJobId()).isEqualTo(900);
                assertThat(r.getMonitorId()).isEqualTo(1);
                assertThat(r.getSequence()).isEqualTo(3);
            });
            // once acknowledged, the round is no longer held and a new job for it runs
            buffer.acknowledged(List.of(3L));
            assertThat(buffer.answerAgain(903, 1, first.getDueAtUnixMs(), first.getKind())).isFalse();
        }
    }

    @Test
    void pastItsCapacityTheOldestResultIsDroppedAndCounted() {
        try (ResultBuffer buffer = new ResultBuffer(new ResultBuffering(2, Optional.empty()), "a1")) {
            buffer.add(result(1));
            buffer.add(result(2));
            buffer.add(result(3));

            assertThat(buffer.waiting()).isEqualTo(2);
            assertThat(buffer.dropped()).isEqualTo(1);
            assertThat(monitors(buffer.nextToSend(10))).containsExactly(2L, 3L);
        }
    }

    @Test
    void withASpillDirectoryAnAgentRestartKeepsWhatWasNotAcknowledged() {
        ResultBuffering spilled = new ResultBuffering(100, Optional.of(dir.resolve("spill")));
        try (ResultBuffer before = new ResultBuffer(spilled, "a1")) {
            for (long m = 1; m <= 4; m++) {
                before.add(result(m));
            }
            before.nextToSend(10);
            before.acknowledged(List.of(2L, 3L));
        }

        try (ResultBuffer after = new ResultBuffer(spilled, "a1")) {
            assertThat(after.waiting()).isEqualTo(2);
            assertThat(monitors(after.nextToSend(10))).containsExactly(1L, 4L);
            after.add(result(5));
            assertThat(after.nextToSend(10)).extracting(AgentResult::getSequence).containsExactly(5L);
        }
    }

    @Test
    void aRecordCutShortByAKilledAgentIsIgnoredAndTheRestIsKept() throws IOException {
        ResultBuffering spilled = new ResultBuffering(100, Optional.of(dir));
        try (ResultBuffer before = new ResultBuffer(spilled, "a1")) {
            before.add(result(1));
            before.add(result(2));
            before.nextToSend(10); // hands what was appended to the operating system, as before every send
        }
        byte[] whole = result(3).toBuilder().setSequence(3).build().toByteArray();
        try (OutputStream out = Files.newOutputStream(dir.resolve("results.log"), StandardOpenOption.APPEND)) {
            out.write(whole.length);
            out.write(whole, 0, whole.length / 2);
        }

        try (ResultBuffer after = new ResultBuffer(spilled, "a1")) {
            assertThat(monitors(after.nextToSend(10))).containsExactly(1L, 2L);
        }
    }

    @Test
    void aSpillDirectoryThatCannotBeUsedIsRefusedNamingTheOption() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> new ResultBuffer(new ResultBuffering(10, Optional.of(file)), "a1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("--spill-dir: cannot use " + file);
    }
}
