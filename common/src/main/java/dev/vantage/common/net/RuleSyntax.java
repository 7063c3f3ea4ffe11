package dev.vantage.common.net;

import com.google.common.net.InetAddresses;
import dev.vantage.common.text.Display;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the text form of {@link AddressRule}s; every error names the item and shows how to write one. */
final class RuleSyntax {
    static final String HOW = "write an address or CIDR with an optional port or port range, "
            + "e.g. 192.0.2.7, 10.0.0.0/8, 10.0.0.0/8:22, 10.0.0.0/8:1-1023, fd00::/8, [fd00::/8]:22";
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    private RuleSyntax() {
    }

    /** The comma-separated items of {@code csv}, trimmed, empty ones left out. */
    static List<String> items(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static List<AddressRule> parseList(String csv) {
        List<AddressRule> rules = new ArrayList<>();
        for (String item : items(csv)) {
            rules.add(parse(item));
        }
        return List.copyOf(rules);
    }

    static AddressRule parse(String raw) {
        String text = raw.trim();
        String cidr;
        String ports = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(text, "missing ']'; " + HOW);
            }
            cidr = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text, "only ':PORT' or ':FROM-TO' may follow ']'; " + HOW);
                }
                ports = rest.substring(1);
            }
        } else {
            int colons = (int) text.chars().filter(c -> c == ':').count();
            if (colons == 1) {
                int at = text.indexOf(':');
                cidr = text.substring(0, at);
                ports = text.substring(at + 1);
            } else {
                cidr = text;
            }
        }
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        String length = slash < 0 ? null : cidr.substring(slash + 1);
        if (length != null && length.contains(":")) {
            throw bad(text, "put an IPv6 range in brackets to add a port, e.g. [fd00::/8]:22");
        }
        InetAddress address = address(text, host);
        boolean mapped = host.contains(":") && address instanceof Inet4Address;
        int bits = address.getAddress().length * 8;
        int prefix;
        if (length == null) {
            prefix = bits;
        } else {
            if (!DIGITS.matcher(length).matches()) {
                throw bad(text, "the prefix length after '/' must be a number; " + HOW);
            }
            prefix = Integer.parseInt(length);
            if (mapped) {
                if (prefix < 96 || prefix > 128) {
                    throw bad(text, "an IPv4-mapped range needs a prefix length of 96-128");
                }
                prefix -= 96;
            } else if (prefix > bits) {
                throw bad(text, "prefix length must be 0-" + bits + " for " + (bits == 32 ? "IPv4" : "IPv6"));
            }
        }
        byte[] network = AddressRule.masked(address.getAddress(), prefix);
        if (!Arrays.equals(network, address.getAddress())) {
            throw bad(text, "host bits are set after the first " + prefix + "; write "
                    + AddressRule.of(byAddress(network), prefix));
        }
        if (ports == null) {
            return AddressRule.of(address, prefix);
        }
        int dash = ports.indexOf('-');
        int from = port(text, dash < 0 ? ports : ports.substring(0, dash));
        int to = dash < 0 ? from : port(text, ports.substring(dash + 1));
        if (from > to) {
            throw bad(text, "a port range goes from low to high, e.g. " + to + "-" + from);
        }
        return new AddressRule(address, prefix, from, to);
    }

    private static InetAddress address(String text, String host) {
        if (host.isEmpty() || host.contains("%") || !InetAddresses.isInetAddress(host)) {
            throw bad(text, Display.quote(host) + " is not an IP address; " + HOW);
        }
        return InetAddresses.forString(host);
    }

    private static int port(String text, String port) {
        if (!DIGITS.matcher(port).matches()) {
            throw bad(text, "port must be a number 1-65535 or a range FROM-TO; " + HOW);
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw bad(text, "port must be 1-65535, got " + p);
        }
        return p;
    }

    private static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException(Display.quote(text) + ": " + problem);
    }
}
