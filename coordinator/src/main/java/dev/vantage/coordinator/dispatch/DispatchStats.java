package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.ResultKind;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Figures about dispatching: how many jobs left for agents and how late against their due time. */
public final class DispatchStats {
    private final LongAdder scheduledDue = new LongAdder();
    private final LongAdder scheduledPushed = new LongAdder();
    private final Recorder latenessMillis = new Recorder(3);

    /** Records a job leaving for an agent (wire it as the dispatcher's onPush). */
    public void pushed(Job job, Instant at) {
        if (job.kind() == ResultKind.SCHEDULED) {
            scheduledPushed.increment();
            latenessMillis.recordValue(Math.max(0, at.toEpochMilli() - job.dueAt().toEpochMilli()));
        }
    }

    /** Counts scheduled jobs that fell due (each must end in exactly one stored result). */
    public void due(int jobs) {
        scheduledDue.add(jobs);
    }

    public long scheduledDue() {
        return scheduledDue.sum();
    }

    public long scheduledPushed() {
        return scheduledPushed.sum();
    }

    /** Push time minus due time of scheduled jobs since the previous call, in milliseconds. */
    public Histogram takeLateness() {
        return latenessMillis.getIntervalHistogram();
    }
}
