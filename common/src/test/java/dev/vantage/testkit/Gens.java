package dev.vantage.testkit;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;

/**
 * Text generators for the property tests (QuickTheories), shared with the agent and coordinator
 * tests. Strings are built char by char, as UTF-16 units, so unpaired surrogates and control
 * characters turn up as they can in a config file or on a command line.
 *
 * <pre>{@code
 * qt().withExamples(200).forAll(Gens.anyChars(40)).checkAssert(text -> ...);
 * }</pre>
 */
public final class Gens {

    private Gens() {
    }

    /** Up to {@code maxLength} of any char 0000-ffff: controls, unpaired surrogates, noncharacters and private use included. */
    public static Gen<String> anyChars(int maxLength) {
        return textOf(integers().between(0, 0xffff).map(i -> (char) i.intValue()), 0, maxLength);
    }

    /**
     * Up to {@code maxLength} chars of ordinary text: any char but the Unicode noncharacters (fdd0-fdef,
     * fffe, ffff) and private use ones (e000-f8ff). Counted, not filtered:
     * a filter would make QuickTheories give up after a few rejected chars.
     */
    public static Gen<String> text(int maxLength) {
        int privateUse = 0xf8ff - 0xe000 + 1;
        int noncharacters = 0xfdef - 0xfdd0 + 1;
        Gen<Character> ordinary = integers().between(0, 0xffff - privateUse - noncharacters - 2).map(i -> {
            int c = i < 0xe000 ? i : i + privateUse;
            return (char) (c < 0xfdd0 ? c : c + noncharacters);
        });
        return textOf(ordinary, 0, maxLength);
    }

    /** {@code minLength} to {@code maxLength} chars, each one of the chars of {@code alphabet} (a surrogate pair there counts as two). */
    public static Gen<String> stringsOf(String alphabet, int minLength, int maxLength) {
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("an empty alphabet");
        }
        Gen<Character> one = integers().between(0, alphabet.length() - 1).map(alphabet::charAt);
        return textOf(one, minLength, maxLength);
    }

    private static Gen<String> textOf(Gen<Character> chars, int minLength, int maxLength) {
        return lists().of(chars).ofSizeBetween(minLength, maxLength).map(Gens::join).describedAs(Gens::javaLiteral);
    }

    /** How a failing example is reported: a Java string literal, so an escape character cannot garble the report. */
    public static String javaLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    private static String join(List<Character> chars) {
        StringBuilder out = new StringBuilder(chars.size());
        chars.forEach(out::append);
        return out.toString();
    }
}
