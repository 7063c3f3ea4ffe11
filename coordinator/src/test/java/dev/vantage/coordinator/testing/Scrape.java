package dev.vantage.coordinator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GET over real HTTP, and a strict reading of the Prometheus text exposition format (0.0.4): the
 * Prometheus Java client writes that format but has no parser, so this one checks every line against
 * the format and throws on the first that does not match: {@code # HELP name text}, {@code # TYPE name
 * type} before a family's samples, then samples {@code name{label="value",...} value}, each of a family
 * whose HELP and TYPE came first.
 */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)})? "
            + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))(?: -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A response: its status, body and headers as the server sent them. */
    public record Response(int status, String body, Optional<String> contentType) {
    }

    /** The families (name → type) and samples ({@code name{sorted labels}} → value) of a scrape. */
    public record Metrics(Map<String, String> types, Map<String, Double> samples) {
        /** The value of a sample; labels in any order, e.g. {@code value("probe_success", "monitor", "web", "probe", "eu-west")}. */
        public Optional<Double> value(String name, String... labels) {
            Map<String, String> sorted = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                sorted.put(labels[i], labels[i + 1]);
            }
            return Optional.ofNullable(samples.get(key(name, sorted)));
        }

        /** Names of every sample, e.g. {@code vantage_probe_connect_seconds_bucket}. */
        public Set<String> sampleNames() {
            Set<String> out = new LinkedHashSet<>();
            samples.keySet().forEach(k -> out.add(k.contains("{") ? k.substring(0, k.indexOf('{')) : k));
            return out;
        }
    }

    private Scrape() {
    }

    public static Response get(InetSocketAddress address, String path, Optional<String> bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(20));
        bearer.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().firstValue("Content-Type"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code /metrics} (200 expected) and read it strictly. */
    public static Metrics metrics(InetSocketAddress address) {
        Response r = get(address, "/metrics", Optional.empty());
        if (r.status() != 200) {
            throw new AssertionError("GET /metrics answered " + r.status() + ": " + r.body());
        }
        return parse(r.body());
    }

    /** @throws AssertionError naming the first line that is not in the text format */
    public static Metrics parse(String text) {
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                if (n == 1 || !text.endsWith("\n")) {
                    throw new AssertionError("line " + n + ": empty line");
                }
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (help.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": second TYPE for " + m.group(1));
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String family = family(m.group(1), types);
                if (!help.containsKey(family)) {
                    throw new AssertionError("line " + n + ": sample of " + family + " without HELP: " + line);
                }
                Map<String, String> labels = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        if (labels.put(l.group(1), l.group(2)) != null) {
                            throw new AssertionError("line " + n + ": label " + l.group(1) + " twice: " + line);
                        }
                    }
                }
                if (samples.put(key(m.group(1), labels), Double.parseDouble(m.group(3).replace("Inf", "Infinity"))) != null) {
                    throw new AssertionError("line " + n + ": sample twice: " + line);
                }
            } else {
                throw new AssertionError("line " + n + " is not in the Prometheus text format: " + line);
            }
        }
        return new Metrics(types, samples);
    }

    /** The family a sample belongs to: itself, or a histogram's or summary's name without _bucket, _sum, _count. */
    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_created"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        throw new AssertionError("sample " + sample + " has no TYPE line before it");
    }

    private static String key(String name, Map<String, String> sortedLabels) {
        if (sortedLabels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        sortedLabels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }
}
