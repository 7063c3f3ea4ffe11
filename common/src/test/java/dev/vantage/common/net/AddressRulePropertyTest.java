package dev.vantage.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vantage.common.input.ValidationException;
import dev.vantage.testkit.Gens;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of rules and their text, on random ranges and random text; examples are bounded so the build stays fast. */
class AddressRulePropertyTest {

    @Test
    void aListOfRulesSurvivesFormatAndParse() {
        qt().withExamples(200).forAll(ruleLists()).checkAssert(rules -> {
            String text = rules.stream().map(AddressRule::toString).collect(Collectors.joining(","));

            assertThat(TargetPolicy.parseRules(text)).isEqualTo(rules);
        });
    }

    @Test
    void anAddressInsideARangeMatchesItAndOneOutsideDoesNot() {
        qt().withExamples(200).forAll(rules(), longs().all(), integers().between(1, 65535)).checkAssert((generated, seed, port) -> {
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
        });
    }

    @Test
    void theParserFailsOnlyWithAnExplanation() {
        qt().withExamples(500).forAll(ruleish()).checkAssert(text -> {
            try {
                TargetPolicy.parseDeny(text);
                TargetPolicy.parseRules(text);
            } catch (IllegalArgumentException | ValidationException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        });
    }

    /** Rule-like noise, any text, or a valid rule with noise after it. */
    private static Gen<String> ruleish() {
        Gen<String> noise = Gens.stringsOf("0123456789abcdefABCDEF:./[]-,% x\u0000\u001b", 0, 40);
        return Generate.oneOf(noise, Gens.text(40),
                rules().zip(noise, (r, n) -> r + n).describedAs(Gens::javaLiteral));
    }

    private static Gen<List<AddressRule>> ruleLists() {
        return lists().of(rules()).ofSizeBetween(0, 8);
    }

    /** IPv4 or IPv6 ranges of any prefix length, with every port or a port range. */
    private static Gen<AddressRule> rules() {
        Gen<AddressRule> v4 = bytes(4).zip(integers().between(0, 32), ports(), AddressRulePropertyTest::rule);
        Gen<AddressRule> v6 = bytes(16).zip(integers().between(0, 128), ports(), AddressRulePropertyTest::rule);
        return Generate.oneOf(v4, v6);
    }

    private static Gen<byte[]> bytes(int size) {
        return Generate.byteArrays(Generate.constant(size), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    private static Gen<int[]> ports() {
        Gen<int[]> range = integers().between(1, 65535).zip(integers().between(1, 65535),
                (a, b) -> new int[]{Math.min(a, b), Math.max(a, b)});
        return Generate.oneOf(Generate.constant(() -> new int[]{0, 65535}), range);
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
