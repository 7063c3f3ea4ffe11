package dev.vantage.common;

/** The running Vantage version, as agents and coordinators report it to each other and to operators. */
public final class VantageVersion {
    private VantageVersion() {
    }

    public static String current() {
        String v = VantageVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
