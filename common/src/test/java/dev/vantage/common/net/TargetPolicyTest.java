package dev.vantage.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {
    private static final TargetPolicy DEFAULTS = TargetPolicy.defaults();

    private static InetAddress ip(String text) {
        return InetAddresses.forString(text);
    }

    private static Optional<String> refusal(TargetPolicy policy, String address, int port) {
        return policy.check(ip(address), port).map(r -> r.explain(address, port));
    }

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, 0.0.0.0/8",
            "0.255.255.255, 0.0.0.0/8",
            "169.254.169.254, 169.254.0.0/16",
            "224.0.0.1, 224.0.0.0/4",
            "239.255.255.255, 224.0.0.0/4",
            "255.255.255.255, 255.255.255.255/32",
            "fe80::1, fe80::/10",
            "febf:ffff::1, fe80::/10",
            "ff02::1, ff00::/8",
            "::, ::/128",
            "::ffff:169.254.169.254, 169.254.0.0/16",
            "::ffff:0.0.0.0, 0.0.0.0/8",
            "::ffff:224.0.0.1, 224.0.0.0/4",
            "::ffff:255.255.255.255, 255.255.255.255/32"})
    void everyBuiltInRangeIsRefusedNamingItsRule(String address, String rule) {
        Optional<Refusal> refused = DEFAULTS.check(ip(address), 80);

        assertThat(refused).isPresent();
        assertThat(refused.get().rule()).contains(AddressRule.parse(rule));
        assertThat(refused.get().list()).isEqualTo("targets.deny");
    }

    @Test
    void theIpv4MappedFormIsCheckedAsItsIpv4AddressEvenAsAnInet6Address() throws Exception {
        // InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; an Inet6Address holding the same bytes matches too
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(DEFAULTS.check(v6, 80).flatMap(Refusal::rule)).contains(AddressRule.parse("169.254.0.0/16"));
        assertThat(DEFAULTS.check(InetAddress.getByName("::ffff:169.254.169.254"), 80)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "93.184.216.34", "::1", "fd00::1", "2001:db8::1",
            "::ffff:10.0.0.1", "1.0.0.0", "223.255.255.255", "169.253.255.255", "169.255.0.0"})
    void loopbackPrivateAndPublicAddressesAreAllowedByDefault(String address) {
        assertThat(DEFAULTS.check(ip(address), 443)).isEmpty();
    }

    @Test
    void theRefusalSaysWhereTheAddressIsWhichListRefusesItAndWhatTheRangeIs() {
        assertThat(refusal(DEFAULTS, "169.254.169.254", 80)).contains(
                "169.254.169.254 is in 169.254.0.0/16, which targets.deny refuses (link-local; cloud metadata services live here)");
    }

    @Test
    void aPortRuleRefusesOnlyItsPortsAndTheRefusalShowsThePort() {
        TargetPolicy policy = TargetPolicy.of(TargetPolicy.parseDeny("127.0.0.1/32:8080-8081"), List.of());

        assertThat(refusal(policy, "127.0.0.1", 8080)).contains("127.0.0.1:8080 is in 127.0.0.1/32:8080-8081, which targets.deny refuses");
        assertThat(refusal(policy, "127.0.0.1", 8081)).isPresent();
        assertThat(refusal(policy, "127.0.0.1", 8082)).isEmpty();
        assertThat(refusal(policy, "127.0.0.1", 8079)).isEmpty();
    }

    @Test
    void anIpv6PortRuleShowsTheAddressInBrackets() {
        TargetPolicy policy = TargetPolicy.of(TargetPolicy.parseDeny("[fd00::/8]:22"), List.of());

        assertThat(refusal(policy, "fd00::5", 22)).contains("[fd00::5]:22 is in [fd00::/8]:22, which targets.deny refuses");
        assertThat(refusal(policy, "fd00::5", 23)).isEmpty();
    }

    @Test
    void theWordDefaultStandsForTheBuiltInListAndLeavingItOutRemovesIt() {
        List<AddressRule> more = TargetPolicy.parseDeny("default, 10.0.0.0/8");
        List<AddressRule> only = TargetPolicy.parseDeny("10.0.0.0/8");

        assertThat(more).containsAll(TargetPolicy.builtInDeny()).contains(AddressRule.parse("10.0.0.0/8"))
                .hasSize(TargetPolicy.builtInDeny().size() + 1);
        assertThat(TargetPolicy.of(only, List.of()).check(ip("169.254.169.254"), 80)).isEmpty();
        assertThat(TargetPolicy.of(only, List.of()).check(ip("10.9.9.9"), 80)).isPresent();
        assertThat(TargetPolicy.parseDeny("")).isEmpty();
    }

    @Test
    void anAllowListRefusesEverythingOutsideItAndDenyWinsInsideIt() {
        TargetPolicy policy = TargetPolicy.of(TargetPolicy.parseDeny("default,10.0.0.7"), TargetPolicy.parseRules("10.0.0.0/8,fd00::/8"));

        assertThat(refusal(policy, "10.0.0.6", 80)).isEmpty();
        assertThat(refusal(policy, "fd00::1", 80)).isEmpty();
        assertThat(refusal(policy, "10.0.0.7", 80)).contains("10.0.0.7 is in 10.0.0.7/32, which targets.deny refuses");
        assertThat(refusal(policy, "192.0.2.1", 80)).contains("192.0.2.1 is in none of the ranges targets.allow allows (10.0.0.0/8, fd00::/8)");
        assertThat(policy.check(ip("192.0.2.1"), 80).get().list()).isEqualTo("targets.allow");
    }

    @Test
    void addedDenyRulesNameTheirOwnList() {
        TargetPolicy policy = TargetPolicy.of(List.of(), List.of()).plusDeny("agent --deny", TargetPolicy.parseRules("10.0.0.0/8"));

        assertThat(refusal(policy, "10.0.0.5", 80)).contains("10.0.0.5 is in 10.0.0.0/8, which agent --deny refuses");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.0.2.7 | 192.0.2.7/32",
            "10.0.0.0/8 | 10.0.0.0/8",
            "10.0.0.0/8:22 | 10.0.0.0/8:22",
            "10.0.0.0/8:1-1023 | 10.0.0.0/8:1-1023",
            "10.0.0.0/8:22-22 | 10.0.0.0/8:22",
            "[fd00::/8]:22 | [fd00::/8]:22",
            "fd00::/8 | fd00::/8",
            "[fd00::/8] | fd00::/8",
            "FD00:0:0::/8 | fd00::/8",
            "::1 | ::1/128",
            "[::1]:7400 | [::1/128]:7400",
            "::ffff:10.0.0.0/104 | 10.0.0.0/8",
            "::ffff:169.254.169.254 | 169.254.169.254/32",
            "0.0.0.0/0 | 0.0.0.0/0",
            "::/0 | ::/0",
            "  10.0.0.0/8  | 10.0.0.0/8"})
    void readsEveryFormAndWritesItCanonically(String text, String canonical) {
        assertThat(AddressRule.parse(text)).hasToString(canonical);
        assertThat(AddressRule.parse(canonical)).isEqualTo(AddressRule.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33 | '10.0.0.0/33': prefix length must be 0-32 for IPv4",
            "fd00::/129 | 'fd00::/129': prefix length must be 0-128 for IPv6",
            "10.0.0.1/8 | '10.0.0.1/8': host bits are set after the first 8; write 10.0.0.0/8",
            "10.0.0.0/8:0 | '10.0.0.0/8:0': port must be 1-65535, got 0",
            "10.0.0.0/8:65536 | '10.0.0.0/8:65536': port must be 1-65535, got 65536",
            "10.0.0.0/8:100-7 | '10.0.0.0/8:100-7': a port range goes from low to high, e.g. 7-100",
            "fd00::/8:22 | 'fd00::/8:22': put an IPv6 range in brackets to add a port, e.g. [fd00::/8]:22",
            "::ffff:0.0.0.0/90 | '::ffff:0.0.0.0/90': an IPv4-mapped range needs a prefix length of 96-128",
            "[fd00::/8 | '[fd00::/8': missing ']'; " + RuleSyntax.HOW,
            "[fd00::/8]22 | '[fd00::/8]22': only ':PORT' or ':FROM-TO' may follow ']'; " + RuleSyntax.HOW,
            "example.com | 'example.com': 'example.com' is not an IP address; " + RuleSyntax.HOW,
            "10.0.0.0/x | '10.0.0.0/x': the prefix length after '/' must be a number; " + RuleSyntax.HOW,
            "10.0.0.0/8:ssh | '10.0.0.0/8:ssh': port must be a number 1-65535 or a range FROM-TO; " + RuleSyntax.HOW,
            "default | 'default': 'default' is not an IP address; " + RuleSyntax.HOW})
    void aBadRuleIsRefusedNamingItAndHowToWriteIt(String text, String message) {
        assertThatThrownBy(() -> TargetPolicy.parseRules("10.0.0.0/8," + text))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aBadRuleInTheDenyListIsRefusedToo() {
        assertThatThrownBy(() -> TargetPolicy.parseDeny("default,10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'10.0.0.0/33': prefix length must be 0-32 for IPv4");
    }

    @Test
    void controlCharactersAreNotEchoed() {
        assertThatThrownBy(() -> AddressRule.parse("10.0.0.0/8\u001b[2J"))
                .hasMessageStartingWith("'10.0.0.0/8\\u001b[2J': ").message().doesNotContain("\u001b");
    }

    @Test
    void aLongBadRuleIsEchoedCutToItsStartAndLength() {
        String text = "10.0.0.0/8:" + "9".repeat(10_000);

        assertThatThrownBy(() -> AddressRule.parse(text))
                .hasMessage("'10.0.0.0/8:" + "9".repeat(53) + "… (10011 characters)': port must be a number 1-65535 or a range FROM-TO; "
                        + RuleSyntax.HOW);
    }
}
