package dev.vantage.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.validation.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of rules and their text, on random ranges and random text; tries are bounded so the build stays fast. */
class AddressRulePropertyTest {

    @Property(tries = 200)
    void aListOfRulesSurvivesFormatAndParse(@ForAll("ruleLists") List<AddressRule> rules) {
        String text = rules.stream().map(AddressRule::toString).collect(Collectors.joining(","));

        assertThat(TargetPolicy.parseRules(text)).isEqualTo(rules);
    }

    @Property(tries = 200)
    void anAddressInsideARangeMatchesItAndOneOutsideDoesNot(@ForAll("rules") AddressRule generated, @ForAll long seed,
                                                            @ForAll @IntRange(min = 1, max = 65535) int port) {
        AddressRule rule = AddressRule.parse(generated.toString());
        byte[] network = rule.network().getAddress();
        byte[] inside = randomize(network, rule.prefixLength(), seed);
        int inPort = rule.hasPorts() ? rule.fromPort() + Math.floorMod(port, rule.toPort() - rule.fromPort() + 1) : port;

        assertThat(rule.matches(address(inside), inPort)).isTrue();
        if (rule.prefixLength() > 0) {
            byte[] outside = inside.clone();
            int bit = Math.floorMod(seed, rule.prefixLength());
            outside[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            assertThat(rule.matches(address(outside), inPort)).isFalse();
        }
        if (rule.hasPorts() && rule.toPort() < 65535) {
            assertThat(rule.matches(address(inside), rule.toPort() + 1)).isFalse();
        }
        if (rule.isIpv4()) {
            assertThat(rule.matches(address(mapped(inside)), inPort)).as("the IPv4-mapped form").isTrue();
        }
    }

    @Property(tries = 500)
    void theParserFailsOnlyWithAnExplanation(@ForAll("ruleish") String text) {
        try {
            TargetPolicy.parseDeny(text);
            TargetPolicy.parseRules(text);
        } catch (IllegalArgumentException | ValidationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> ruleish() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789abcdefABCDEF:./[]-,% x\u0000\u001b").ofMaxLength(40);
        return Arbitraries.oneOf(noise, Arbitraries.strings().ofMaxLength(40),
                rules().map(AddressRule::toString).flatMap(r -> noise.map(n -> r + n)));
    }

    @Provide
    Arbitrary<List<AddressRule>> ruleLists() {
        return rules().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<AddressRule> rules() {
        Arbitrary<AddressRule> v4 = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(4), Arbitraries.integers().between(0, 32),
                ports()).as((bytes, prefix, ports) -> rule(bytes, prefix, ports));
        Arbitrary<AddressRule> v6 = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.integers().between(0, 128),
                ports()).as((bytes, prefix, ports) -> rule(bytes, prefix, ports));
        return Arbitraries.oneOf(v4, v6);
    }

    private static Arbitrary<int[]> ports() {
        Arbitrary<int[]> range = Combinators.combine(Arbitraries.integers().between(1, 65535), Arbitraries.integers().between(1, 65535))
                .as((a, b) -> new int[]{Math.min(a, b), Math.max(a, b)});
        return Arbitraries.oneOf(Arbitraries.just(new int[]{0, 65535}), range);
    }

    private static AddressRule rule(byte[] bytes, int prefix, int[] ports) {
        byte[] network = AddressRule.masked(bytes, prefix);
        if (network.length == 16 && AddressRule.isMapped(network)) {
            network[10] = 1; // a mapped range is written as its IPv4 rule; keep the IPv6 generator to IPv6 proper
            network = AddressRule.masked(network, prefix);
        }
        return new AddressRule(address(network), prefix, ports[0], ports[1]);
    }

    private static byte[] randomize(byte[] network, int prefix, long seed) {
        java.util.Random random = new java.util.Random(seed);
        byte[] out = network.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            if (random.nextBoolean()) {
                out[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
        }
        return out;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
