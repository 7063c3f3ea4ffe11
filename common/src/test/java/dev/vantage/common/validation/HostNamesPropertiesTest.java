package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.input.Limits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.vantage.testkit.Gens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class HostNamesPropertiesTest {
    private static final String LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** RFC 1123 labels: letters, digits and '-', 1-63 long, no '-' at either end. */
    private static Gen<String> label() {
        Gen<String> edge = Gens.stringsOf(LETTERS_AND_DIGITS, 1, 1);
        Gen<String> middle = Gens.stringsOf(LETTERS_AND_DIGITS + "-", 0, 61);
        return Generate.oneOf(edge, edge.zip(middle, edge, (a, m, b) -> a + m + b));
    }

    /** Up to five labels, the last not all digits, perhaps with the root's trailing dot; at most {@link Limits#HOST} long. */
    private static Gen<String> hostName() {
        Gen<String> tld = label().assuming(l -> !l.chars().allMatch(Character::isDigit));
        return lists().of(label()).ofSizeBetween(0, 4)
                .zip(tld, Generate.pick(List.of("", ".")),
                        (labels, last, dot) -> String.join(".", labels) + (labels.isEmpty() ? "" : ".") + last + dot)
                .assuming(h -> h.length() <= Limits.HOST)
                .describedAs(Gens::javaLiteral);
    }

    @Test
    void everyRfc1123NameIsAcceptedAndStoredWithoutItsTrailingDot() {
        qt().withExamples(200).forAll(hostName()).checkAssert(host -> {
            String stored = HostNames.normalize(host);

            assertThat(stored).isEqualTo(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        });
    }

    private static Gen<String> anything() {
        return Generate.oneOf(
                Gens.anyChars(300),
                Gens.stringsOf("ab-._:[]0123456789\u001b\u202eü", 0, 80));
    }

    @Test
    void anyTextIsAcceptedOrRefusedByNameNeverWithAControlCharacter() {
        qt().withExamples(200).forAll(anything()).checkAssert(host -> {
            Throwable t = catchThrowable(() -> HostNames.normalize(host));

            if (t != null) {
                assertThat(t).isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) t).field()).isEqualTo("host");
                assertThat(t.getMessage()).startsWith("host: ").doesNotContain("\u001b").doesNotContain("\u202e");
                assertThat(t.getMessage().length()).isLessThanOrEqualTo(1000);
            }
        });
    }

    @Test
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

    /** Found by the property above: the JDK's IDN error echoes the whole name, and escaping it six-fold broke the bound. */
    @Test
    void aNameOfControlCharactersIsRefusedInAMessageOfAtMostAThousandCharacters() {
        Throwable t = catchThrowable(() -> HostNames.normalize("\u0000".repeat(78) + "\u0080"));

        assertThat(t).isInstanceOf(ValidationException.class).hasMessageStartingWith("host: '\\u0000\\u0000");
        assertThat(t.getMessage()).hasSizeLessThanOrEqualTo(1000).doesNotContain("\u0000");
    }
}
