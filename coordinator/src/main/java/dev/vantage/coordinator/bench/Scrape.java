package dev.vantage.coordinator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One GET of /metrics as a scraper does it: the whole body read, bytes and sample lines counted, nothing kept. */
record Scrape(long bytes, long samples, double millis) {

    static Scrape of(HttpClient http, URI uri) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long samples = 0;
        boolean lineStart = true;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (lineStart && buf[i] != '#') {
                        samples++;
                    }
                    lineStart = buf[i] == '\n';
                }
                bytes += n;
            }
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + r.statusCode());
        }
        return new Scrape(bytes, samples, (System.nanoTime() - t0) / 1e6);
    }
}
