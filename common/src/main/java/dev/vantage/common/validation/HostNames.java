package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.input.Limits;
import com.google.common.net.InetAddresses;
import dev.vantage.common.text.Display;
import java.net.IDN;
import java.util.regex.Pattern;

/**
 * What a monitor's host may be: an IP literal, kept as written, or a host name after RFC 1123
 * (labels of 1-63 letters, digits and '-', not starting or ending with '-', 253 characters in all),
 * stored in its ASCII form.
 *
 * <p>Internationalised names are converted with {@link IDN#toASCII}, which implements IDNA2003 (the
 * only IDNA the JDK has): {@code bücher.example} becomes {@code xn--bcher-kva.example}. The few names
 * on which IDNA2003 and IDNA2008 disagree (ß, ς, joiners) map differently than a browser would; an
 * operator who needs the IDNA2008 form gives it as {@code xn--…} directly.
 *
 * <p>Underscores are accepted inside labels although RFC 1123 does not allow them: internal DNS
 * (Active Directory, service records, hand-made zones) uses them, resolvers look them up, and the
 * validator before this one accepted them, so stored monitors must stay valid on update.
 */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private HostNames() {
    }

    /**
     * The host as it is to be stored and dialled: an IP literal unchanged, a name without its trailing
     * dot and in ASCII.
     *
     * @throws ValidationException naming {@code host}, quoting a bounded, escaped prefix of it
     */
    static String normalize(String host) {
        Limits.length("host", host, Limits.HOST);
        if (host.isBlank()) {
            throw new ValidationException("host", "must not be empty; give a host name or an IP address");
        }
        if (InetAddresses.isUriInetAddress(host) || InetAddresses.isInetAddress(host)) {
            return host;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String ascii = name.chars().allMatch(c -> c < 0x80) ? name : toAscii(host, name);
        if (ascii.isEmpty() || ascii.length() > Limits.HOST) {
            throw new ValidationException("host", Display.quote(host) + " is " + ascii.length()
                    + " characters in ASCII form; a host name is 1 to " + Limits.HOST);
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new ValidationException("host", Display.quote(host) + " is neither an IP address nor a valid host name; "
                        + "a name is dot-separated labels of 1-63 letters, digits and '-', not starting or ending with '-'");
            }
        }
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            throw new ValidationException("host", Display.quote(host) + " is not a valid IP address, and a host name cannot end "
                    + "in an all-digit label; check the address");
        }
        return ascii;
    }

    /** Without STD3 rules: the label check above is stricter about letters and looser about '_'. */
    private static String toAscii(String host, String name) {
        try {
            return IDN.toASCII(name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("host", Display.quote(host) + " is not a valid internationalised host name ("
                    + e.getMessage() + "); write it in its xn-- form or fix the characters");
        }
    }
}
