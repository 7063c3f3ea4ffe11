package dev.vantage.coordinator.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the admin CLI finds a coordinator and how it proves itself to it, kept in a file like a
 * kubeconfig: {@code server}, {@code tls.ca} (the CA that signed the coordinator's certificate) and
 * {@code token.file} (a file holding an API token; the profile points at the secret instead of
 * copying it). {@code vantage demo} writes one; options and environment variables override it.
 *
 * @param server    the coordinator's admin API, {@code HOST:PORT}
 * @param tlsCa     the CA file to verify the coordinator against; empty: plaintext
 * @param tokenFile the file holding the token to send
 */
record Profile(Optional<String> server, Optional<Path> tlsCa, Optional<Path> tokenFile) {
    static final Profile EMPTY = new Profile(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * The profile read when {@code --profile} is not given: {@code $VANTAGE_PROFILE}, else
     * {@code $XDG_CONFIG_HOME/vantage/profile}, else {@code $HOME/.config/vantage/profile}; empty when the
     * environment names none of them (so a test's own environment never picks up the user's profile).
     */
    static Optional<Path> defaultPath(Map<String, String> env) {
        Optional<String> explicit = value(env, "VANTAGE_PROFILE");
        if (explicit.isPresent()) {
            return explicit.map(Path::of);
        }
        return value(env, "XDG_CONFIG_HOME").map(Path::of).or(() -> value(env, "HOME").map(home -> Path.of(home, ".config")))
                .map(config -> config.resolve("vantage").resolve("profile"));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    /**
     * Reads a profile. A missing file is no profile at all when {@code required} is false (the default
     * location need not exist), and an error naming {@code option} when it is true.
     *
     * @throws CliFailure when the file cannot be read or a key is malformed
     */
    static Profile load(Path file, boolean required, String option) {
        if (!Files.exists(file)) {
            if (required) {
                throw new CliFailure(ExitCodes.USAGE, option + ": " + file + " does not exist; `vantage demo` writes one, or leave "
                        + option + " out and pass --server, --tls-ca and --token-file");
            }
            return EMPTY;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, option + ": cannot read " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Profile(value(p, "server"), value(p, "tls.ca").map(dir::resolve), value(p, "token.file").map(dir::resolve));
    }

    /** Writes the profile readable only by its owner (it points at a secret), replacing an older one in one step. */
    void write(Path file) {
        Properties p = new Properties();
        server.ifPresent(s -> p.setProperty("server", s));
        tlsCa.ifPresent(ca -> p.setProperty("tls.ca", ca.toAbsolutePath().toString()));
        tokenFile.ifPresent(t -> p.setProperty("token.file", t.toAbsolutePath().toString()));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.createFile(tmp);
            }
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Vantage CLI profile: where the coordinator is and how to talk to it");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CLI profile " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
