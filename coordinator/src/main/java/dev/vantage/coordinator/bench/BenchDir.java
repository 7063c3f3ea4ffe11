package dev.vantage.coordinator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A temporary directory for a benchmark's store, deleted with everything in it on close. */
final class BenchDir implements AutoCloseable {
    private final Path path;

    BenchDir(String prefix) throws IOException {
        this.path = Files.createTempDirectory(prefix);
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        try (var paths = Files.walk(path)) {
            paths.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
