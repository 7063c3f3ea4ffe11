package dev.vantage.common.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which addresses a probe may connect to: a deny list and an allow list of {@link AddressRule}s.
 * Pure: no I/O, no name resolution; callers check the addresses they are about to use.
 *
 * <p>An address and port are refused when they match any deny rule, or when the allow list is not
 * empty and they match no allow rule; deny wins over allow. An empty allow list allows everything
 * not denied. IPv4 rules also match IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}, see
 * {@link AddressRule}); {@link InetAddress} turns such a literal into an IPv4 address anyway, so the
 * check always runs on the 4-byte form.
 *
 * <p>The {@linkplain #builtInDeny built-in deny list} is the default of {@code targets.deny}: ranges
 * where a TCP connect either cannot be a remote service or reaches something a monitor has no
 * business probing (the agent's own host, cloud metadata services, multicast, broadcast). Loopback
 * and private ranges are allowed: monitoring internal services is the point of the tool.
 */
public final class TargetPolicy {
    /** The name of the coordinator's deny list, shown in refusals. */
    public static final String DENY_KEY = "targets.deny";
    /** The name of the coordinator's allow list, shown in refusals. */
    public static final String ALLOW_KEY = "targets.allow";
    /** The word in {@code targets.deny} that stands for the built-in list. */
    public static final String DEFAULT_WORD = "default";

    private static final Map<AddressRule, String> BUILT_IN = builtIn();

    private record Deny(AddressRule rule, String list) {
    }

    private final List<Deny> deny;
    private final List<AddressRule> allow;

    private TargetPolicy(List<Deny> deny, List<AddressRule> allow) {
        this.deny = List.copyOf(deny);
        this.allow = List.copyOf(allow);
    }

    /** The built-in deny list and no allow list: what a coordinator or agent does unless told otherwise. */
    public static TargetPolicy defaults() {
        return of(builtInDeny(), List.of());
    }

    /** @param deny {@code targets.deny}; @param allow {@code targets.allow}, empty to allow all not denied */
    public static TargetPolicy of(List<AddressRule> deny, List<AddressRule> allow) {
        return new TargetPolicy(deny.stream().map(r -> new Deny(r, DENY_KEY)).toList(), allow);
    }

    /** 0.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4, 255.255.255.255/32, fe80::/10, ff00::/8, ::/128 (and so their IPv4-mapped forms). */
    public static List<AddressRule> builtInDeny() {
        return List.copyOf(BUILT_IN.keySet());
    }

    /**
     * Reads a {@code targets.deny} value: comma-separated rules, where the word {@value #DEFAULT_WORD}
     * stands for the {@linkplain #builtInDeny built-in list} ({@code default,10.0.0.0/8} adds a range;
     * leaving {@code default} out removes the built-in ranges).
     *
     * @throws IllegalArgumentException naming the bad item and how to write it
     */
    public static List<AddressRule> parseDeny(String csv) {
        List<AddressRule> rules = new ArrayList<>();
        for (String item : RuleSyntax.items(csv)) {
            if (item.equalsIgnoreCase(DEFAULT_WORD)) {
                rules.addAll(builtInDeny());
            } else {
                rules.add(RuleSyntax.parse(item));
            }
        }
        return rules.stream().distinct().toList();
    }

    /**
     * Reads comma-separated rules ({@code targets.allow}, the agent's {@code --deny}).
     *
     * @throws IllegalArgumentException naming the bad item and how to write it
     */
    public static List<AddressRule> parseRules(String csv) {
        return RuleSyntax.parseList(csv);
    }

    /** This policy with {@code rules} denied too, refusals naming {@code list} (e.g. the agent's {@code --deny}). */
    public TargetPolicy plusDeny(String list, List<AddressRule> rules) {
        List<Deny> more = new ArrayList<>(deny);
        rules.forEach(r -> more.add(new Deny(r, list)));
        return new TargetPolicy(more, allow);
    }

    /** Every deny rule, in order. */
    public List<AddressRule> deny() {
        return deny.stream().map(Deny::rule).toList();
    }

    public List<AddressRule> allow() {
        return allow;
    }

    /** Why a connect to {@code address} port {@code port} is refused; empty when it is allowed. */
    public Optional<Refusal> check(InetAddress address, int port) {
        for (Deny d : deny) {
            if (d.rule().matches(address, port)) {
                return Optional.of(new Refusal(Optional.of(d.rule()), d.list(), BUILT_IN.getOrDefault(d.rule(), ""), allow));
            }
        }
        if (allow.isEmpty() || allow.stream().anyMatch(r -> r.matches(address, port))) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(Optional.empty(), ALLOW_KEY, "", allow));
    }

    private static Map<AddressRule, String> builtIn() {
        Map<AddressRule, String> m = new LinkedHashMap<>();
        m.put(AddressRule.parse("0.0.0.0/8"), "\"this network\"; 0.0.0.0 connects to the agent's own host");
        m.put(AddressRule.parse("169.254.0.0/16"), "link-local; cloud metadata services live here");
        m.put(AddressRule.parse("224.0.0.0/4"), "multicast; no TCP service answers there");
        m.put(AddressRule.parse("255.255.255.255/32"), "broadcast");
        m.put(AddressRule.parse("fe80::/10"), "IPv6 link-local; needs an interface and reaches only the agent's own link");
        m.put(AddressRule.parse("ff00::/8"), "IPv6 multicast; no TCP service answers there");
        m.put(AddressRule.parse("::/128"), "the unspecified address; connects to the agent's own host");
        return m;
    }
}
