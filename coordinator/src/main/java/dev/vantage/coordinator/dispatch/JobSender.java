package dev.vantage.coordinator.dispatch;

import java.util.List;

/** Delivers jobs down one agent's stream; the transport lives behind it (see the api package). */
public interface JobSender {
    /** Queues jobs for the agent; never blocks. */
    void send(List<Job> jobs);

    /** Ends the agent's stream, telling it why. */
    void disconnect(String reason);
}
