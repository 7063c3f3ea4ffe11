package dev.vantage.common.net;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why {@link TargetPolicy} refused an address: the deny rule it matched, or (rule empty) that it
 * matched none of the allow list.
 *
 * @param rule  the deny rule that matched; empty when the address is outside every allow rule
 * @param list  the list that refused it: {@code targets.deny}, {@code targets.allow} or {@code agent --deny}
 * @param why   what the range is, for built-in ranges (e.g. "link-local; cloud metadata services live here"); else empty
 * @param allow the allow list, named when nothing in it matched
 */
public record Refusal(Optional<AddressRule> rule, String list, String why, List<AddressRule> allow) {
    private static final int ALLOW_SHOWN = 5;

    public Refusal {
        allow = List.copyOf(allow);
    }

    /**
     * One sentence for users: {@code 169.254.169.254 is in 169.254.0.0/16, which targets.deny refuses
     * (link-local; cloud metadata services live here)}. The port is shown when the rule has one.
     *
     * @param address the address as the user wrote or the agent resolved it, without port or brackets
     */
    public String explain(String address, int port) {
        if (rule.isEmpty()) {
            String shown = allow.stream().limit(ALLOW_SHOWN).map(AddressRule::toString).collect(Collectors.joining(", "));
            return address + " is in none of the ranges " + list + " allows (" + shown + (allow.size() > ALLOW_SHOWN ? ", ..." : "") + ")";
        }
        AddressRule r = rule.get();
        String subject = !r.hasPorts() ? address : (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        return subject + " is in " + r + ", which " + list + " refuses" + (why.isEmpty() ? "" : " (" + why + ")");
    }
}
