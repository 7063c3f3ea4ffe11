package dev.vantage.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HostNamesProperties {

    /** RFC 1123 labels: letters, digits and '-', 1-63 long, no '-' at either end. */
    @Provide
    Arbitrary<String> label() {
        Arbitrary<Character> edge = Arbitraries.chars().alpha().numeric();
        Arbitrary<String> middle = Arbitraries.strings().alpha().numeric().withChars('-').ofMaxLength(61);
        return Arbitraries.oneOf(edge.map(String::valueOf),
                Combinators.combine(edge, middle, edge).as((a, m, b) -> a + m + b));
    }

    @Provide
    Arbitrary<String> hostName() {
        Arbitrary<String> tld = label().filter(l -> !l.chars().allMatch(Character::isDigit));
        return Combinators.combine(label().list().ofMaxSize(4), tld, Arbitraries.of("", "."))
                .as((labels, last, dot) -> String.join(".", labels) + (labels.isEmpty() ? "" : ".") + last + dot)
                .filter(h -> h.length() <= Limits.HOST);
    }

    @Property(tries = 200)
    void everyRfc1123NameIsAcceptedAndStoredWithoutItsTrailingDot(@ForAll("hostName") String host) {
        String stored = HostNames.normalize(host);

        assertThat(stored).isEqualTo(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
    }

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("ab-._:[]0123456789\u001b\u202eü").ofMaxLength(80));
    }

    @Property(tries = 200)
    void anyTextIsAcceptedOrRefusedByNameNeverWithAControlCharacter(@ForAll("anything") String host) {
        Throwable t = catchThrowable(() -> HostNames.normalize(host));

        if (t != null) {
            assertThat(t).isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) t).field()).isEqualTo("host");
            assertThat(t.getMessage()).startsWith("host: ").doesNotContain("\u001b").doesNotContain("\u202e");
            assertThat(t.getMessage().length()).isLessThanOrEqualTo(1000);
        }
    }

    @Example
    void internationalisedNamesAreStoredInTheirAsciiFormAndIpLiteralsUnchanged() {
        assertThat(HostNames.normalize("bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(HostNames.normalize("BÜCHER.example.")).isEqualTo("xn--bcher-kva.example");
        assertThat(HostNames.normalize("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(HostNames.normalize("[2001:db8::1]")).isEqualTo("[2001:db8::1]");
        assertThat(HostNames.normalize("_dmarc.example.com")).isEqualTo("_dmarc.example.com");
        assertThatThrownBy(() -> HostNames.normalize("h".repeat(100_000)))
                .hasMessage("host: 100000 characters is longer than the limit of 253");
        assertThatThrownBy(() -> HostNames.normalize("-web.example")).hasMessageStartingWith("host: '-web.example' is neither");
        assertThatThrownBy(() -> HostNames.normalize("10.0.0.300")).hasMessageStartingWith("host: '10.0.0.300' is not a valid IP address");
    }
}
