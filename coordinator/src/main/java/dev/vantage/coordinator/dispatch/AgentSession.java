package dev.vantage.coordinator.dispatch;

/**
 * A connected agent as the dispatcher tracks it. The in-flight count is guarded by the
 * dispatcher's lock; the last contact (a heartbeat, or results) is written as they arrive.
 */
public final class AgentSession {
    private final AgentInfo info;
    private final JobSender sender;
    private volatile long lastHeartbeatMillis;
    private volatile int resultsWaiting;
    private int inFlight;

    AgentSession(AgentInfo info, JobSender sender) {
        this.info = info;
        this.sender = sender;
        this.lastHeartbeatMillis = info.connectedAt().toEpochMilli();
    }

    public AgentInfo info() {
        return info;
    }

    public long lastHeartbeatMillis() {
        return lastHeartbeatMillis;
    }

    /** The agent was heard from (results) at {@code atMillis}: it is alive. */
    public void heard(long atMillis) {
        lastHeartbeatMillis = atMillis;
    }

    /** @param waiting results the agent holds that are not yet acknowledged as stored */
    public void heartbeat(long atMillis, int waiting) {
        lastHeartbeatMillis = atMillis;
        resultsWaiting = waiting;
    }

    /** Results the agent held, not yet acknowledged as stored, at its last heartbeat. */
    public int resultsWaiting() {
        return resultsWaiting;
    }

    /** Jobs pushed to the agent whose results have not arrived. */
    public synchronized int inFlight() {
        return inFlight;
    }

    synchronized void addInFlight(int delta) {
        inFlight += delta;
    }

    JobSender sender() {
        return sender;
    }
}
