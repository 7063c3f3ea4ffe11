package dev.vantage.coordinator.alert.channel;

import dev.vantage.coordinator.alert.Channel;
import dev.vantage.common.text.Display;
import dev.vantage.common.text.Redaction;
import dev.vantage.common.time.Durations;
import dev.vantage.common.input.ValidationException;
import dev.vantage.common.time.Backoff;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alert channels of the coordinator's .properties file.
 *
 * <pre>
 * # a webhook
 * channel.ops-hook.type    = webhook
 * channel.ops-hook.url     = https://hooks.example.com/vantage      (http or https; required)
 * channel.ops-hook.secret  = 0123456789abcdef0123456789abcdef      (HMAC key, 16+ characters; required)
 * channel.ops-hook.timeout = 10s                                   (connect and whole request; default 10s)
 * # an SMTP mailbox
 * channel.oncall.type          = email
 * channel.oncall.smtp.host     = smtp.example.com                  (required)
 * channel.oncall.smtp.port     = 587                               (default 25)
 * channel.oncall.smtp.starttls = true                              (true|false, default false)
 * channel.oncall.smtp.user     = vantage                           (optional; with smtp.password)
 * channel.oncall.smtp.password = ...
 * channel.oncall.smtp.timeout  = 10s                               (default 10s)
 * channel.oncall.from          = vantage@example.com               (required)
 * channel.oncall.to            = a@example.com, b@example.com      (required)
 * # which channels alerts go to, and how failed deliveries are retried
 * alert.default.channels = ops-hook,oncall                         (default: every channel defined)
 * alert.retry.initial    = 1s                                      (first wait, doubling; default 1s)
 * alert.retry.max        = 5m                                      (longest wait; default 5m)
 * </pre>
 * Channel names are lower-case letters, digits, '-' and '_'. A key under {@code channel.} that is not
 * one of the above is an error (a typo would otherwise silently lose a setting).
 *
 * @param channels        by name, in name order
 * @param defaultChannels where alerts go unless a monitor says otherwise
 * @param backoff         how failed deliveries are retried
 */
public record ChannelConfig(Map<String, ChannelSettings> channels, List<String> defaultChannels, Backoff backoff) {
    private static final Pattern CHANNEL_KEY = Pattern.compile("channel\\.([^.]+)\\.(.+)");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Set<String> WEBHOOK_KEYS = Set.of("type", "url", "secret", "timeout");
    private static final Set<String> EMAIL_KEYS = Set.of("type", "smtp.host", "smtp.port", "smtp.starttls", "smtp.user",
            "smtp.password", "smtp.timeout", "from", "to");
    private static final int MIN_SECRET = 16;

    public ChannelConfig {
        channels = Map.copyOf(channels);
        defaultChannels = List.copyOf(defaultChannels);
        for (String c : defaultChannels) {
            if (!channels.containsKey(c)) {
                throw new ValidationException("alert.default.channels", Display.quote(c) + " is not a defined channel; define channel." + c
                        + ".type or remove it from the list (defined: " + new TreeSet<>(channels.keySet()) + ")");
            }
        }
    }

    /** No channels: alerts are recorded but sent nowhere. */
    public static ChannelConfig none() {
        return fromProperties(new Properties());
    }

    /** Opens every configured channel. */
    public List<Channel> open(Clock clock) {
        List<Channel> out = new ArrayList<>();
        for (ChannelSettings s : new TreeMap<>(channels).values()) {
            out.add(s.open(clock));
        }
        return out;
    }

    /**
     * Reads {@code channel.*} and {@code alert.*} keys; every other key is left alone.
     *
     * @throws ValidationException naming the key at fault and how to fix it
     */
    public static ChannelConfig fromProperties(Properties p) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!key.startsWith("channel.")) {
                continue;
            }
            Matcher m = CHANNEL_KEY.matcher(key);
            if (!m.matches()) {
                throw new ValidationException(key, "not a channel setting; write channel.<name>.type, channel.<name>.url, …");
            }
            String name = m.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new ValidationException(key, Display.quote(name) + " is not a valid channel name; use up to 32 lower-case letters, digits, '-' and '_'");
            }
            byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(m.group(2), p.getProperty(key).trim());
        }
        Map<String, ChannelSettings> channels = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : byName.entrySet()) {
            channels.put(e.getKey(), channel(e.getKey(), e.getValue()));
        }
        String defaults = p.getProperty("alert.default.channels");
        List<String> defaultChannels = defaults == null ? List.copyOf(channels.keySet()) : list(defaults);
        Duration initial = duration(p.getProperty("alert.retry.initial", "1s"), "alert.retry.initial");
        Duration max = duration(p.getProperty("alert.retry.max", "5m"), "alert.retry.max");
        if (max.compareTo(initial) < 0) {
            throw new ValidationException("alert.retry.max", Durations.format(max) + " is shorter than alert.retry.initial "
                    + Durations.format(initial) + "; make it at least as long");
        }
        return new ChannelConfig(channels, defaultChannels, Backoff.of(initial, max));
    }

    private static ChannelSettings channel(String name, Map<String, String> kv) {
        String prefix = "channel." + name + ".";
        String type = kv.get("type");
        if (type == null || type.isEmpty()) {
            throw new ValidationException(prefix + "type", "missing; set it to webhook or email");
        }
        Set<String> known = switch (type) {
            case "webhook" -> WEBHOOK_KEYS;
            case "email" -> EMAIL_KEYS;
            default -> throw new ValidationException(prefix + "type", Display.quote(type) + " is not a channel type; use webhook or email");
        };
        for (String k : kv.keySet()) {
            if (!known.contains(k)) {
                throw new ValidationException(prefix + k, "not a setting of a " + type + " channel; known: " + new TreeSet<>(known));
            }
        }
        return type.equals("webhook") ? webhook(name, prefix, kv) : email(name, prefix, kv);
    }

    private static WebhookChannel.Settings webhook(String name, String prefix, Map<String, String> kv) {
        String url = required(kv, prefix, "url", "the receiver's address, e.g. https://hooks.example.com/vantage");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException(prefix + "url", Display.quote(Redaction.url(url)) + " is not a URL: " + e.getReason());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new ValidationException(prefix + "url", Display.quote(Redaction.url(url)) + " is not an http:// or https:// URL with a host");
        }
        String secret = required(kv, prefix, "secret", "the HMAC key the receiver checks signatures with");
        if (secret.length() < MIN_SECRET) {
            throw new ValidationException(prefix + "secret", "too short; use at least " + MIN_SECRET
                    + " characters, e.g. the output of `openssl rand -hex 32`");
        }
        return new WebhookChannel.Settings(name, uri, secret, timeout(kv, prefix, "timeout"));
    }

    private static EmailChannel.Settings email(String name, String prefix, Map<String, String> kv) {
        String host = required(kv, prefix, "smtp.host", "the SMTP server's host name");
        int port = port(kv.getOrDefault("smtp.port", "25"), prefix + "smtp.port");
        String tls = kv.getOrDefault("smtp.starttls", "false");
        if (!tls.equals("true") && !tls.equals("false")) {
            throw new ValidationException(prefix + "smtp.starttls", Display.quote(tls) + " is not true or false");
        }
        Optional<String> user = Optional.ofNullable(kv.get("smtp.user")).filter(s -> !s.isEmpty());
        String password = kv.getOrDefault("smtp.password", "");
        if (user.isPresent() && password.isEmpty()) {
            throw new ValidationException(prefix + "smtp.password", "missing; smtp.user is set, so set its password too");
        }
        if (user.isEmpty() && !password.isEmpty()) {
            throw new ValidationException(prefix + "smtp.user", "missing; smtp.password is set, so set the user too (or remove the password)");
        }
        InternetAddress from = address(required(kv, prefix, "from", "the sender address, e.g. vantage@example.com"), prefix + "from");
        List<InternetAddress> to = new ArrayList<>();
        for (String a : list(required(kv, prefix, "to", "a comma-separated list of recipient addresses"))) {
            to.add(address(a, prefix + "to"));
        }
        if (to.isEmpty()) {
            throw new ValidationException(prefix + "to", "no recipient; list at least one address");
        }
        return new EmailChannel.Settings(name, host, port, Boolean.parseBoolean(tls), user, password, from, to,
                timeout(kv, prefix, "smtp.timeout"));
    }

    private static String required(Map<String, String> kv, String prefix, String key, String what) {
        String v = kv.get(key);
        if (v == null || v.isEmpty()) {
            throw new ValidationException(prefix + key, "missing; set it to " + what);
        }
        return v;
    }

    private static int port(String text, String key) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException(key, Display.quote(text) + " is not a port; use a number from 1 to 65535");
    }

    private static InternetAddress address(String text, String key) {
        try {
            return EmailChannel.address(text);
        } catch (AddressException e) {
            throw new ValidationException(key, Display.quote(text) + " is not an email address; write it like ops@example.com");
        }
    }

    private static Duration timeout(Map<String, String> kv, String prefix, String key) {
        Duration d = duration(kv.getOrDefault(key, "10s"), prefix + key);
        if (d.isZero()) {
            throw new ValidationException(prefix + key, "must be longer than 0s, e.g. 10s");
        }
        return d;
    }

    private static Duration duration(String text, String key) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                throw new ValidationException(key, "must be longer than 0s");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ValidationException(key, e.getMessage());
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
