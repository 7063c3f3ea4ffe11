package dev.vantage.coordinator.api;

import com.google.common.net.InetAddresses;
import dev.vantage.common.text.Display;
import dev.vantage.common.input.Limits;
import dev.vantage.common.input.ValidationException;
import dev.vantage.proto.v1.Hello;
import java.util.regex.Pattern;

/**
 * Whether an agent's Hello can be believed: every field bounded and shaped as an agent writes it,
 * since all of it is stored, shown in {@code vantage locations} and logged. Errors name the field
 * as the proto spells it ({@code Hello.agent_id}).
 */
final class AgentHello {
    static final int MAX_AGENT_ID = 128;
    static final int MAX_VERSION = 64;
    static final int MAX_SOURCE_ADDRESSES = 64;
    static final int MAX_IN_FLIGHT = 1_000_000;
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

    private AgentHello() {
    }

    /** @throws ValidationException for the first field at fault */
    static void validate(Hello h) {
        Limits.length("Hello.agent_id", h.getAgentId(), MAX_AGENT_ID);
        Limits.length("Hello.location", h.getLocation(), Limits.LOCATION);
        Limits.length("Hello.version", h.getVersion(), MAX_VERSION);
        Limits.length("Hello.hostname", h.getHostname(), Limits.HOST);
        Limits.entries("Hello.source_addresses", h.getSourceAddressesList(), MAX_SOURCE_ADDRESSES, 64);
        if (h.getAgentId().isEmpty()) {
            throw new ValidationException("Hello.agent_id", "must not be empty");
        }
        if (!AGENT_ID.matcher(h.getAgentId()).matches()) {
            throw new ValidationException("Hello.agent_id", Display.quote(h.getAgentId())
                    + " has characters other than letters, digits and . _ : @ -; start the agent with such an --agent-id");
        }
        printable("Hello.version", h.getVersion());
        printable("Hello.hostname", h.getHostname());
        for (String a : h.getSourceAddressesList()) {
            if (!InetAddresses.isInetAddress(a)) {
                throw new ValidationException("Hello.source_addresses", Display.quote(a) + " is not an IP address");
            }
        }
        // uint32 on the wire: above 2^31 it arrives negative.
        if (h.getMaxInFlight() < 0 || h.getMaxInFlight() > MAX_IN_FLIGHT) {
            throw new ValidationException("Hello.max_in_flight", Integer.toUnsignedString(h.getMaxInFlight())
                    + " is more than the limit of " + MAX_IN_FLIGHT);
        }
    }

    private static void printable(String field, String value) {
        if (!Display.escape(value).equals(value)) {
            throw new ValidationException(field, Display.quote(value) + " holds control characters");
        }
    }
}
