package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import com.google.common.net.InetAddresses;
import dev.vantage.common.net.Refusal;
import dev.vantage.common.net.TargetPolicy;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A monitor's host against the probe-target policy, when the host is an IP literal. Names are left
 * alone: what a name resolves to depends on where one stands, so each agent checks the addresses it
 * resolves (its view is what it will connect to).
 */
public final class TargetCheck {
    private TargetCheck() {
    }

    /** @throws ValidationException on field {@code host}, naming the rule and the fix, when the policy refuses the literal */
    static void check(TargetPolicy targets, String host, int port) {
        check(targets, "host", host, port);
    }

    /**
     * Checks an address to probe that is not a monitor's (a location's canary): host names are left to
     * the agents, which check what they resolve.
     *
     * @throws ValidationException on {@code field}, naming the rule and the fix, when the policy refuses the literal
     */
    public static void check(TargetPolicy targets, String field, String host, int port) {
        InetAddress address;
        if (InetAddresses.isUriInetAddress(host)) {
            address = InetAddresses.forUriString(host);
        } else if (InetAddresses.isInetAddress(host)) {
            address = InetAddresses.forString(host);
        } else {
            return;
        }
        Optional<Refusal> refused = targets.check(address, port);
        if (refused.isPresent()) {
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            throw new ValidationException(field, refused.get().explain(literal, port)
                    + "; probe another address or change " + refused.get().list());
        }
    }
}
