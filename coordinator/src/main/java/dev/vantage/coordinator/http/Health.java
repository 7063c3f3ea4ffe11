package dev.vantage.coordinator.http;

/**
 * What {@code /healthz} answers: 200 while this coordinator serves, 503 while it waits as a standby or
 * after it lost its store lock (a load balancer or Kubernetes should then send nothing its way).
 *
 * @param serving     whether this coordinator is the active one and serving
 * @param status      {@code ok}, {@code standby} or {@code lost_store_lock}
 * @param storeFailing whether the last write of results to the store failed (it is being retried)
 * @param agents      agents connected, all locations together
 */
public record Health(boolean serving, String status, boolean storeFailing, int agents) {
    public static final Health STANDBY = new Health(false, "standby", false, 0);
    public static final Health LOST_STORE_LOCK = new Health(false, "lost_store_lock", false, 0);

    public static Health serving(boolean storeFailing, int agents) {
        return new Health(true, "ok", storeFailing, agents);
    }

    int httpStatus() {
        return serving ? 200 : 503;
    }

    String json() {
        if (!serving) {
            return "{\"status\":\"" + status + "\"}\n";
        }
        return "{\"status\":\"ok\",\"store\":\"" + (storeFailing ? "failing" : "ok") + "\",\"agents\":" + agents + "}\n";
    }
}
