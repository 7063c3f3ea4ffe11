package dev.vantage.agent.config;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What an agent says about the machine it runs on: its name and the addresses its probes leave from. */
public final class LocalHost {
    private LocalHost() {
    }

    /** The machine's host name, without a DNS lookup where the kernel can tell it. */
    public static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /**
     * Addresses of the interfaces that are up, other than loopback and link-local ones; the
     * loopback addresses when there is nothing else (a laptop offline, a bare container).
     */
    public static List<String> sourceAddresses() {
        List<String> out = new ArrayList<>();
        List<String> loopback = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress()) {
                        loopback.add(text(a));
                    } else if (!a.isLinkLocalAddress()) {
                        out.add(text(a));
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to tell about
        }
        return List.copyOf(out.isEmpty() ? loopback : out);
    }

    private static String text(InetAddress a) {
        String s = a.getHostAddress();
        int scope = a instanceof Inet6Address ? s.indexOf('%') : -1;
        return scope >= 0 ? s.substring(0, scope) : s;
    }

    /** The process id, for default agent ids. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }
}
