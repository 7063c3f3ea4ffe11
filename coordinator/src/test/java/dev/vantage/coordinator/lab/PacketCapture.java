package dev.vantage.coordinator.lab;

import static org.awaitility.Awaitility.await;

import dev.vantage.coordinator.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump on one interface inside one namespace, written to a file, then read back with
 * {@code tcpdump -r FILE -n -tt}: what really went over the wire, with kernel timestamps.
 */
final class PacketCapture implements AutoCloseable {
    /** {@code 1700000000.123456 IP 10.70.3.2.40000 > 10.70.200.2.8082: Flags [S], seq ...} */
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+)\\.(\\d{6}) IP (\\d+\\.\\d+\\.\\d+\\.\\d+)\\.(\\d+) > (\\d+\\.\\d+\\.\\d+\\.\\d+)\\.(\\d+): Flags \\[([^]]*)]");

    private final Path file;
    private final Path stderr;
    private final Process process;

    private PacketCapture(Path file, Path stderr, Process process) {
        this.file = file;
        this.stderr = stderr;
        this.process = process;
    }

    /** Starts capturing and returns once tcpdump says it is listening. */
    static PacketCapture start(String namespace, String iface, String filter, Path dir) {
        Path file = dir.resolve("capture-" + namespace + "-" + iface + ".pcap");
        Path stderr = dir.resolve("capture-" + namespace + "-" + iface + ".err");
        List<String> cmd = List.of("ip", "netns", "exec", namespace, "tcpdump", "-i", iface, "-n", "-tt",
                "--immediate-mode", "-U", "-Z", "root", "-w", file.toString(), filter);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        PacketCapture capture = new PacketCapture(file, stderr, p);
        try {
            await("tcpdump listening on " + iface + " in " + namespace).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> capture.stderrText().contains("listening on") || !p.isAlive());
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
        if (!p.isAlive()) {
            throw new IllegalStateException("tcpdump exited: " + capture.stderrText());
        }
        return capture;
    }

    private String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the capture (SIGTERM: tcpdump flushes the file) and reads the packets back. */
    List<Packet> stopAndRead() {
        close();
        Lab.Result read = Lab.exec(List.of("tcpdump", "-r", file.toString(), "-n", "-tt"), Duration.ofSeconds(20));
        if (read.exit() != 0) {
            throw new IllegalStateException("tcpdump -r " + file + " failed: " + read.output());
        }
        List<Packet> packets = new ArrayList<>();
        for (String line : read.output().split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                packets.add(new Packet(Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)),
                        m.group(3), Integer.parseInt(m.group(4)), m.group(5), Integer.parseInt(m.group(6)), m.group(7), line));
            }
        }
        return packets;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }

    /** One TCP packet: time in microseconds since the epoch, addresses, ports, tcpdump's flags ("S", "S.", "R." ...). */
    record Packet(long micros, String src, int srcPort, String dst, int dstPort, String flags, String line) {
        boolean isSyn() {
            return flags.equals("S");
        }

        boolean isSynAck() {
            return flags.equals("S.");
        }
    }

    /** One client connection seen in a capture: its SYNs (first and retransmissions) and the SYN-ACK. */
    record Connection(String client, int clientPort, List<Packet> syns, List<Packet> synAcks) {
        /** First SYN sent to first SYN-ACK received, in microseconds. */
        long firstSynToSynAckMicros() {
            return synAcks.get(0).micros() - syns.get(0).micros();
        }
    }

    /** The connections to {@code port}, keyed by the client's address and port, in the order they started. */
    static List<Connection> connectionsTo(List<Packet> packets, int port) {
        Map<String, Connection> byClient = new LinkedHashMap<>();
        for (Packet p : packets) {
            if (p.isSyn() && p.dstPort() == port) {
                byClient.computeIfAbsent(p.src() + ":" + p.srcPort(),
                        k -> new Connection(p.src(), p.srcPort(), new ArrayList<>(), new ArrayList<>())).syns().add(p);
            } else if (p.isSynAck() && p.srcPort() == port) {
                Connection c = byClient.get(p.dst() + ":" + p.dstPort());
                if (c != null) {
                    c.synAcks().add(p);
                }
            }
        }
        return List.copyOf(byClient.values());
    }
}
