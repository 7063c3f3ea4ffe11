package dev.vantage.common.net;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A range of addresses (a CIDR block, IPv4 or IPv6), optionally narrowed to a port or a port range.
 * Written {@code 10.0.0.0/8}, {@code 10.0.0.0/8:22}, {@code 10.0.0.0/8:1-1023}, {@code fd00::/8},
 * {@code [fd00::/8]:22}; an address without a prefix length is one address ({@code 192.0.2.7} is
 * {@code 192.0.2.7/32}).
 *
 * <p>A rule on an IPv4 range also matches the IPv4-mapped IPv6 form of those addresses
 * ({@code ::ffff:a.b.c.d}), because a socket to that form reaches the same IPv4 host; a mapped
 * range written as a rule ({@code ::ffff:10.0.0.0/104}) becomes the IPv4 rule ({@code 10.0.0.0/8}).
 * IPv4-compatible ({@code ::a.b.c.d}) and NAT64 ({@code 64:ff9b::/96}) forms are not mapped: they
 * only reach an IPv4 host through a translator this rule cannot see; deny them explicitly if a
 * location has one.
 *
 * @param network      the first address of the range (host bits zero), 4 or 16 bytes
 * @param prefixLength leading bits that must match, 0-32 (IPv4) or 0-128 (IPv6)
 * @param fromPort     lowest port matched; 0 with {@code toPort} 65535 when the rule names no port
 * @param toPort       highest port matched
 */
public record AddressRule(InetAddress network, int prefixLength, int fromPort, int toPort) {
    private static final int ANY_FROM = 0;
    private static final int ANY_TO = 65535;

    public AddressRule {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefixLength: must be 0-" + bits + ", got " + prefixLength);
        }
        if (!Arrays.equals(network.getAddress(), masked(network.getAddress(), prefixLength))) {
            throw new IllegalArgumentException("network: host bits are set in " + InetAddresses.toAddrString(network) + "/" + prefixLength);
        }
        boolean any = fromPort == ANY_FROM && toPort == ANY_TO;
        if (!any && (fromPort < 1 || toPort > 65535 || fromPort > toPort)) {
            throw new IllegalArgumentException("ports: need 1 <= from <= to <= 65535, got " + fromPort + "-" + toPort);
        }
    }

    /** Every port of the range. */
    public static AddressRule of(InetAddress network, int prefixLength) {
        return new AddressRule(network, prefixLength, ANY_FROM, ANY_TO);
    }

    /**
     * Reads one rule.
     *
     * @throws IllegalArgumentException naming the text and how to write it, e.g.
     *                                  {@code '10.0.0.0/33': prefix length must be 0-32 for IPv4}
     */
    public static AddressRule parse(String text) {
        return RuleSyntax.parse(text);
    }

    /** Whether the rule names a port or port range (otherwise it matches every port). */
    public boolean hasPorts() {
        return !(fromPort == ANY_FROM && toPort == ANY_TO);
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    /** Whether {@code address} (an IPv4-mapped IPv6 address counts as its IPv4 address) and {@code port} fall in this rule. */
    public boolean matches(InetAddress address, int port) {
        if (port < fromPort || port > toPort) {
            return false;
        }
        byte[] a = comparable(address);
        byte[] n = network.getAddress();
        return a.length == n.length && Arrays.equals(masked(a, prefixLength), n);
    }

    /** The rule as {@link #parse} reads it back: {@code 10.0.0.0/8}, {@code 10.0.0.0/8:22}, {@code [fd00::/8]:1-1023}. */
    @Override
    public String toString() {
        String cidr = InetAddresses.toAddrString(network) + "/" + prefixLength;
        if (!hasPorts()) {
            return cidr;
        }
        String ports = fromPort == toPort ? Integer.toString(fromPort) : fromPort + "-" + toPort;
        return (isIpv4() ? cidr : "[" + cidr + "]") + ":" + ports;
    }

    /** The 4 bytes of an IPv4 or IPv4-mapped IPv6 address, else the 16 of an IPv6 address. */
    static byte[] comparable(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && isMapped(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return b;
    }

    static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    static byte[] masked(byte[] address, int prefixLength) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }
}
