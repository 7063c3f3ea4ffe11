package dev.vantage.coordinator.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a short-lived admin call needs of the process, set before any Netty class loads. An admin command is a client
 * whose output is its table or JSON and whose whole run should take a fraction of a second (see
 * deploy/bench/cli-latency.sh), so it skips what only the long-running roles need.
 */
final class ClientRuntime {
    private ClientRuntime() {
    }

    static void prepare() {
        // Netty's native transports are unpacked from their jar into /tmp on every start; one admin call gains nothing from them.
        System.setProperty("io.netty.transport.noNative", "true");
        // A handful of small messages: pooled arenas and Netty's flight-recorder events cost more to set up than they save.
        System.setProperty("io.netty.allocator.type", "unpooled");
        System.setProperty("io.netty.jfr.enabled", "false");
        // Netty would log through SLF4J, which starts logback and parses its configuration (~50 ms of CPU); gRPC already
        // logs through java.util.logging. Only warnings and errors: library chatter would get in the way of the output.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
