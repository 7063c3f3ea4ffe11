package dev.vantage.common.text;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials taken out of URLs before they are shown or logged: the password of the user info
 * ({@code https://user:***@host/}) and the values of query parameters that carry secrets
 * ({@code ?password=***}, {@code &access_token=***}). Works on http(s), JDBC
 * ({@code jdbc:postgresql://u:***@h/db?password=***}) and anything else of the {@code scheme://} form,
 * and on text that does not parse as a URL at all, since that is when it ends up in an error.
 */
public final class Redaction {
    public static final String MASK = "***";
    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "secret", "token", "key");
    /** A parameter: after ?, & or ; (JDBC drivers use ;), a name, '=', the value up to the next separator. */
    private static final Pattern PARAMETER = Pattern.compile("([?&;])([^=?&;#\\s]*)=([^&;#\\s]*)");

    private Redaction() {
    }

    /** {@code url} with its password and secret-bearing parameters replaced by {@value #MASK}. */
    public static String url(String url) {
        if (url == null) {
            return "";
        }
        return parameters(userInfo(url));
    }

    private static String userInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + MASK + url.substring(at);
    }

    private static String parameters(String url) {
        Matcher m = PARAMETER.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = isSecret(m.group(2)) ? m.group(1) + m.group(2) + "=" + MASK : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code password}, {@code api_key}, {@code accessToken}, {@code client-secret}: the name is or ends with a secret word. */
    private static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(n::endsWith);
    }
}
