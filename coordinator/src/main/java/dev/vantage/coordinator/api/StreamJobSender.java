package dev.vantage.coordinator.api;

import dev.vantage.coordinator.dispatch.Dispatcher;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.dispatch.JobSender;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.JobBatch;
import dev.vantage.proto.v1.ProbeJob;
import dev.vantage.proto.v1.ResultAck;
import dev.vantage.common.wire.WireEnums;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Pushes jobs down one agent's stream in batches, only while the stream can take them
 * (HTTP/2 flow control): a slow agent makes jobs wait here, bounded by the agent's
 * max_in_flight, never in an unbounded transport buffer.
 */
final class StreamJobSender implements JobSender {
    private static final int MAX_BATCH = 1000;
    private final ServerCallStreamObserver<CoordinatorMessage> out;
    private final Dispatcher dispatcher;
    private final ConcurrentLinkedQueue<Job> outbox = new ConcurrentLinkedQueue<>();
    private boolean closed;

    StreamJobSender(ServerCallStreamObserver<CoordinatorMessage> out, Dispatcher dispatcher) {
        this.out = out;
        this.dispatcher = dispatcher;
    }

    @Override
    public void send(List<Job> jobs) {
        outbox.addAll(jobs);
        drain();
    }

    /** Sends what waits while the stream is ready; called on send and when the stream becomes ready. */
    synchronized void drain() {
        while (!closed && !outbox.isEmpty() && out.isReady()) {
            List<Job> batch = new ArrayList<>(Math.min(MAX_BATCH, outbox.size()));
            JobBatch.Builder b = JobBatch.newBuilder();
            Job j;
            while (batch.size() < MAX_BATCH && (j = outbox.poll()) != null) {
                batch.add(j);
                b.addJobs(ProbeJob.newBuilder()
                        .setJobId(j.jobId())
                        .setMonitorId(j.monitorId())
                        .setHost(j.target().host())
                        .setPort(j.target().port())
                        .setTimeoutMs((int) j.target().timeout().toMillis())
                        .setDueAtUnixMs(j.dueAt().toEpochMilli())
                        .setKind(WireEnums.toWire(j.kind())));
            }
            out.onNext(CoordinatorMessage.newBuilder().setJobs(b).build());
            dispatcher.pushed(batch);
        }
    }

    /** Tells the agent these results are stored (their transaction committed): it may forget them. */
    synchronized void acknowledge(List<Long> sequences) {
        if (!closed) {
            out.onNext(CoordinatorMessage.newBuilder().setAcks(ResultAck.newBuilder().addAllSequences(sequences)).build());
        }
    }

    synchronized void sendFirst(CoordinatorMessage welcome) {
        if (!closed) {
            out.onNext(welcome);
        }
    }

    @Override
    public void disconnect(String reason) {
        end(Status.UNAVAILABLE.withDescription(reason));
    }

    /** Refuses the agent for good: it must change its settings, not just reconnect. */
    void reject(String reason) {
        end(Status.FAILED_PRECONDITION.withDescription(reason));
    }

    /** Ends the stream of an agent that broke the protocol; it may reconnect (with its backoff) and behave. */
    void refuse(String reason) {
        end(Status.INVALID_ARGUMENT.withDescription(reason));
    }

    /** Refuses the agent for who it is (its certificate): another certificate is needed, not other settings. */
    void deny(String reason) {
        end(Status.PERMISSION_DENIED.withDescription(reason));
    }

    private synchronized void end(Status status) {
        if (!closed) {
            closed = true;
            outbox.clear();
            out.onError(status.asRuntimeException());
        }
    }

    /** The agent ended the stream or it broke: nothing more may be sent. */
    synchronized void closed(boolean complete) {
        if (!closed) {
            closed = true;
            outbox.clear();
            if (complete) {
                out.onCompleted();
            }
        }
    }
}
