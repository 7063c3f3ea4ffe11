package dev.vantage.coordinator.auth;

import dev.vantage.common.text.Display;
import dev.vantage.common.input.ValidationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code admin.*} settings of the coordinator.
 *
 * @param initialTokenFile {@code admin.initial_token_file}: where the first admin token's secret is written
 *                         when the store has no tokens; empty: {@code admin.token} beside the SQLite file, or in
 *                         the working directory with PostgreSQL
 * @param ratePerSecond    {@code admin.rate_limit} {@code N/s}: calls a second each token may make on average
 * @param rateBurst        {@code admin.rate_limit} {@code burst M}: calls a token may make at once (default 2N)
 */
public record AdminSettings(Optional<Path> initialTokenFile, int ratePerSecond, int rateBurst) {
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final Pattern RATE = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*s(?:\\s+burst\\s+(\\d{1,7}))?\\s*");

    public AdminSettings {
        if (ratePerSecond < 1 || rateBurst < 1) {
            throw new ValidationException("admin.rate_limit", "calls a second and burst must be at least 1, e.g. 50/s burst 100");
        }
    }

    public static AdminSettings defaults() {
        return fromProperties(new Properties());
    }

    public static AdminSettings fromProperties(Properties p) {
        Optional<Path> file = path(p.getProperty("admin.initial_token_file", "").trim());
        String rate = p.getProperty("admin.rate_limit", "50/s burst 100");
        Matcher m = RATE.matcher(rate);
        if (!m.matches()) {
            throw new ValidationException("admin.rate_limit", "must look like 50/s or 50/s burst 100, got " + Display.quote(rate.strip()));
        }
        int perSecond = Integer.parseInt(m.group(1));
        int burst = m.group(2) == null ? 2 * perSecond : Integer.parseInt(m.group(2));
        return new AdminSettings(file, perSecond, burst);
    }

    private static Optional<Path> path(String file) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(file));
        } catch (InvalidPathException e) {
            throw new ValidationException("admin.initial_token_file", Display.quote(file) + " is not a valid path; give a file path,"
                    + " e.g. /var/lib/vantage/admin.token");
        }
    }

    /** The initial token file for a store at {@code storeUrl}. */
    public Path initialTokenFile(String storeUrl) {
        return initialTokenFile.orElseGet(() -> storeUrl.startsWith(SQLITE_PREFIX)
                ? Path.of(storeUrl.substring(SQLITE_PREFIX.length())).resolveSibling("admin.token")
                : Path.of("admin.token"));
    }
}
