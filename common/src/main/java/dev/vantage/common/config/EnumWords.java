package dev.vantage.common.config;

import dev.vantage.common.text.Display;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How enum constants are spelled in options and configuration files: lower case, '-' for '_'
 * ({@code STOP_PROBING} is {@code stop-probing}), read in any case, and a wrong word answered with
 * every right one.
 */
public final class EnumWords {
    private EnumWords() {
    }

    /** The word for {@code value}. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} that {@code text} spells, in any case, blanks around ignored.
     *
     * @param what what a constant is, for the error: "close mode"
     * @throws IllegalArgumentException like {@code 'slam' is not a close mode; use rst or fin}
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        String word = text == null ? "" : text.trim();
        E[] constants = type.getEnumConstants();
        for (E e : constants) {
            if (of(e).equalsIgnoreCase(word)) {
                return e;
            }
        }
        List<String> words = Arrays.stream(constants).map(EnumWords::of).toList();
        int last = words.size() - 1;
        String choices = last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
        throw new IllegalArgumentException("'" + text + "' is not a " + what + "; use " + choices);
    }
}
