package dev.vantage.agent.link;

import dev.vantage.agent.run.Job;
import dev.vantage.agent.run.JobResult;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.net.AddressRule;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.wire.WireEnums;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.ProbeJob;
import dev.vantage.proto.v1.Welcome;
import java.time.Duration;

/** Maps the link's messages to the agent's model and back; proto types go no further than this package. */
final class Wire {
    private Wire() {
    }

    static Job job(ProbeJob j) {
        return new Job(j.getJobId(), j.getMonitorId(), new ProbeTarget(j.getHost(), j.getPort(), Duration.ofMillis(j.getTimeoutMs())));
    }

    /**
     * The coordinator's probe-target policy in a Welcome; the built-in one when the coordinator is
     * too old to send any.
     *
     * @throws IllegalArgumentException naming a rule this agent cannot read
     */
    static TargetPolicy targets(Welcome w) {
        if (!w.getTargetPolicySet()) {
            return TargetPolicy.defaults();
        }
        return TargetPolicy.of(w.getTargetDenyList().stream().map(AddressRule::parse).toList(),
                w.getTargetAllowList().stream().map(AddressRule::parse).toList());
    }

    /** The result of {@code job}, echoing its identity (monitor, due time, kind); the buffer sets its sequence. */
    static AgentResult result(JobResult r, ProbeJob job) {
        ProbeOutcome o = r.outcome();
        return AgentResult.newBuilder()
                .setJobId(r.jobId())
                .setMonitorId(job.getMonitorId())
                .setDueAtUnixMs(job.getDueAtUnixMs())
                .setKind(job.getKind())
                .setStatusCode(o.status().code())
                .setReason(WireEnums.toWire(o.reason()))
                .setConnectNanos(o.connectNanos())
                .setAddress(o.address())
                .setStartedAtUnixMs(o.startedAt().toEpochMilli())
                .setMessage(o.message())
                .build();
    }
}
