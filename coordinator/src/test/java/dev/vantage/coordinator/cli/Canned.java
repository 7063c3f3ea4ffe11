package dev.vantage.coordinator.cli;

import dev.vantage.proto.v1.FailureReason;
import dev.vantage.proto.v1.Monitor;
import dev.vantage.proto.v1.ProbeResult;
import dev.vantage.proto.v1.ResultKind;
import java.time.Duration;

/** Admin API messages as a coordinator would send them. */
final class Canned {
    private Canned() {
    }

    static Monitor monitor(long id, String name, String host, int port, String... locations) {
        long created = CliFixture.NOW.minus(Duration.ofDays(1)).toEpochMilli();
        return Monitor.newBuilder()
                .setId(id).setName(name).setHost(host).setPort(port)
                .setIntervalMs(60_000).setTimeoutMs(10_000)
                .addAllLocations(java.util.List.of(locations))
                .setCreatedAtUnixMs(created).setUpdatedAtUnixMs(created)
                .build();
    }

    static ProbeResult connected(String location, long connectNanos, String address, String agent, Duration ago) {
        return result(location, agent, ago).setStatusCode(0).setStatusText("OK")
                .setReason(FailureReason.FAILURE_REASON_NONE).setConnectNanos(connectNanos).setAddress(address).build();
    }

    static ProbeResult refused(String location, String address, String agent, Duration ago) {
        return result(location, agent, ago).setStatusCode(1).setStatusText("TCP connection failed")
                .setReason(FailureReason.FAILURE_REASON_REFUSED).setAddress(address).setMessage("connection refused").build();
    }

    static ProbeResult noAgent(String location, Duration ago) {
        return result(location, "", ago).setStatusCode(90).setStatusText("No agent available")
                .setReason(FailureReason.FAILURE_REASON_NO_AGENT).setMessage("no agent of " + location + " is connected").build();
    }

    private static ProbeResult.Builder result(String location, String agent, Duration ago) {
        long started = CliFixture.NOW.minus(ago).toEpochMilli();
        return ProbeResult.newBuilder()
                .setJobId(42).setMonitorId(7).setMonitorName("web").setLocation(location).setAgentId(agent)
                .setKind(ResultKind.RESULT_KIND_ON_DEMAND).setStartedAtUnixMs(started).setDueAtUnixMs(started);
    }
}
