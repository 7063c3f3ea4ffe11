package dev.vantage.coordinator.bench;

/** The line every benchmark prints about what it ran on. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return String.format("java %s, %d cpu(s), max heap %d MiB", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    }
}
