package dev.vantage.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.vantage.testkit.Gens;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class DisplayPropertiesTest {

    /** Any text, or text made mostly of what a terminal reacts to: controls, bidi overrides, separators, surrogate halves. */
    private static Gen<String> hostile() {
        return Generate.oneOf(
                Gens.anyChars(40),
                Gens.stringsOf("ab\\u\u001b\n\r\t\u0000\u007f\u0085\u009b\u202e\u2066\u2028\u200f\ud83d\ude00\ud800", 0, 40));
    }

    @Test
    void escapedTextHasNoControlCharacters() {
        qt().withExamples(200).forAll(hostile()).checkAssert(text -> {
            String shown = Display.escape(text);
            for (int i = 0; i < shown.length(); i++) {
                char c = shown.charAt(i);
                assertThat(isControl(c)).as("character %04x at %d of %s", (int) c, i, shown).isFalse();
                if (Character.isHighSurrogate(c)) {
                    assertThat(i + 1 < shown.length() && Character.isLowSurrogate(shown.charAt(i + 1))).isTrue();
                    i++;
                } else {
                    assertThat(Character.isLowSurrogate(c)).isFalse();
                }
            }
        });
    }

    @Test
    void escapingTwiceChangesNothing() {
        qt().withExamples(200).forAll(hostile())
                .checkAssert(text -> assertThat(Display.escape(Display.escape(text))).isEqualTo(Display.escape(text)));
    }

    /** Without backslashes in the input (which escapes are made of), distinct inputs stay distinct. */
    @Test
    void distinctInputsStayDistinct() {
        qt().withExamples(200).forAll(hostile(), hostile()).checkAssert((a, b) -> {
            String x = a.replace("\\", "");
            String y = b.replace("\\", "");
            if (!x.equals(y)) {
                assertThat(Display.escape(x)).isNotEqualTo(Display.escape(y));
            }
        });
    }

    @Test
    void aQuoteIsBoundedWhateverTheInput() {
        qt().withExamples(200).forAll(hostile(), integers().between(0, 3000)).checkAssert((text, repeat) -> {
            String quoted = Display.quote(text.repeat(Math.min(repeat, 100_000 / Math.max(1, text.length()))));
            assertThat(quoted.length()).isLessThanOrEqualTo(2 + 6 * Display.QUOTE_LIMIT + 30);
        });
    }

    @Test
    void printableUnicodeIsKeptAndControlsAreNamed() {
        assertThat(Display.escape("bücher ✓ 😀")).isEqualTo("bücher ✓ 😀");
        assertThat(Display.escape("a\u001b[2Jb\n\t\u202e")).isEqualTo("a\\u001b[2Jb\\n\\t\\u202e");
        assertThat(Display.truncate("x".repeat(100_000), 3)).isEqualTo("xxx… (100000 characters)");
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }
}
