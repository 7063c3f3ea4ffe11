package dev.vantage.coordinator.cli;

import com.google.protobuf.Message;
import dev.vantage.proto.v1.AdminServiceGrpc;
import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.DeleteMonitorResponse;
import dev.vantage.proto.v1.GetStatusRequest;
import dev.vantage.proto.v1.GetStatusResponse;
import dev.vantage.proto.v1.ListLocationsRequest;
import dev.vantage.proto.v1.ListLocationsResponse;
import dev.vantage.proto.v1.ListMonitorsRequest;
import dev.vantage.proto.v1.ListMonitorsResponse;
import dev.vantage.proto.v1.ListResultsRequest;
import dev.vantage.proto.v1.ListResultsResponse;
import dev.vantage.proto.v1.Monitor;
import dev.vantage.proto.v1.MonitorRef;
import dev.vantage.proto.v1.ProbeResult;
import dev.vantage.proto.v1.SetPausedRequest;
import dev.vantage.proto.v1.UpdateMonitorRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An admin API that records what it was asked and answers with what the test put in: canned
 * messages, a failure status per method, or silence (to run into the deadline). TestMonitor
 * streams results as the test offers them, so a test can watch them arrive one by one.
 */
final class FakeAdminService extends AdminServiceGrpc.AdminServiceImplBase {
    final List<Message> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Status> failures = new ConcurrentHashMap<>();
    private final BlockingQueue<Optional<ProbeResult>> testResults = new LinkedBlockingQueue<>();
    volatile boolean silent;
    volatile Monitor monitor = Monitor.getDefaultInstance();
    volatile ListMonitorsResponse monitors = ListMonitorsResponse.getDefaultInstance();
    volatile GetStatusResponse status = GetStatusResponse.getDefaultInstance();
    volatile ListResultsResponse results = ListResultsResponse.getDefaultInstance();
    volatile ListLocationsResponse locations = ListLocationsResponse.getDefaultInstance();

    /** The next calls of {@code method} (e.g. "CreateMonitor") fail with this status. */
    void fail(String method, Status status) {
        failures.put(method, status);
    }

    /** Streams one more TestMonitor result to the caller. */
    void sendTestResult(ProbeResult result) {
        testResults.add(Optional.of(result));
    }

    /** Completes the TestMonitor stream. */
    void endTest() {
        testResults.add(Optional.empty());
    }

    <T extends Message> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void createMonitor(CreateMonitorRequest request, StreamObserver<Monitor> out) {
        answer("CreateMonitor", request, out, () -> monitor);
    }

    @Override
    public void updateMonitor(UpdateMonitorRequest request, StreamObserver<Monitor> out) {
        answer("UpdateMonitor", request, out, () -> monitor);
    }

    @Override
    public void getMonitor(MonitorRef request, StreamObserver<Monitor> out) {
        answer("GetMonitor", request, out, () -> monitor);
    }

    @Override
    public void listMonitors(ListMonitorsRequest request, StreamObserver<ListMonitorsResponse> out) {
        answer("ListMonitors", request, out, () -> monitors);
    }

    @Override
    public void deleteMonitor(MonitorRef request, StreamObserver<DeleteMonitorResponse> out) {
        answer("DeleteMonitor", request, out, () -> DeleteMonitorResponse.newBuilder().setDeleted(monitor).build());
    }

    @Override
    public void setPaused(SetPausedRequest request, StreamObserver<Monitor> out) {
        answer("SetPaused", request, out, () -> monitor.toBuilder().setPaused(request.getPaused()).build());
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
        answer("GetStatus", request, out, () -> status);
    }

    @Override
    public void listResults(ListResultsRequest request, StreamObserver<ListResultsResponse> out) {
        answer("ListResults", request, out, () -> results);
    }

    @Override
    public void listLocations(ListLocationsRequest request, StreamObserver<ListLocationsResponse> out) {
        answer("ListLocations", request, out, () -> locations);
    }

    @Override
    public void testMonitor(MonitorRef request, StreamObserver<ProbeResult> out) {
        requests.add(request);
        if (failed("TestMonitor", out)) {
            return;
        }
        try {
            while (true) {
                Optional<ProbeResult> next = testResults.poll(30, TimeUnit.SECONDS);
                if (next == null || next.isEmpty()) {
                    break;
                }
                out.onNext(next.get());
            }
            out.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.asRuntimeException());
        }
    }

    private <T> void answer(String method, Message request, StreamObserver<T> out, Supplier<T> response) {
        requests.add(request);
        if (silent || failed(method, out)) {
            return;
        }
        out.onNext(response.get());
        out.onCompleted();
    }

    private boolean failed(String method, StreamObserver<?> out) {
        Status failure = failures.get(method);
        if (failure != null) {
            out.onError(failure.asRuntimeException());
        }
        return failure != null;
    }
}
