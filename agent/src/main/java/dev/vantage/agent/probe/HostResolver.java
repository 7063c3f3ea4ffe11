package dev.vantage.agent.probe;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a target's host name into the address to connect to. {@link #SYSTEM} asks the JDK (the
 * location's DNS); {@link #pinned} answers some names from a fixed table first, like curl's
 * {@code --resolve}: split-horizon checks, pinning a name to one backend, tests.
 */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = InetAddress::getByName;

    /** @throws UnknownHostException when the name has no address */
    InetAddress resolve(String host) throws UnknownHostException;

    /**
     * Names in {@code pins} (any case) resolve to their address, without asking anyone; other names go
     * to {@code fallback}.
     *
     * @param pins host name → IP literal
     * @throws IllegalArgumentException naming a pin whose address is not an IP literal
     */
    static HostResolver pinned(Map<String, String> pins, HostResolver fallback) {
        if (pins.isEmpty()) {
            return fallback;
        }
        Map<String, InetAddress> table = new HashMap<>();
        pins.forEach((host, address) -> {
            byte[] raw = NetUtil.createByteArrayFromIpAddressString(address);
            if (raw == null) {
                throw new IllegalArgumentException("--resolve " + host + "=" + address + ": '" + address + "' is not an IP address");
            }
            try {
                table.put(host.toLowerCase(Locale.ROOT), InetAddress.getByAddress(host, raw));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--resolve " + host + "=" + address + ": " + e.getMessage(), e);
            }
        });
        return host -> {
            InetAddress pinned = table.get(host.toLowerCase(Locale.ROOT));
            return pinned != null ? pinned : fallback.resolve(host);
        };
    }
}
