package dev.vantage.coordinator.auth;

import dev.vantage.common.text.Display;
import dev.vantage.common.input.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin token of a fresh store, so that someone can make the others: a token named
 * {@code admin} whose secret goes to a file only its owner can read, never to a log or a terminal.
 */
public final class InitialToken {
    public static final String NAME = "admin";
    private static final String KEY = "admin.initial_token_file";
    private static final Logger log = LoggerFactory.getLogger(InitialToken.class);

    private InitialToken() {
    }

    /**
     * When the store has no tokens at all, creates the {@code admin} token and writes its secret to
     * {@code file}, created with mode 0600.
     *
     * @return the file written; empty when the store has tokens already
     * @throws ValidationException naming {@code admin.initial_token_file} when the file exists (it is never
     *                             overwritten) or cannot be written
     */
    public static Optional<Path> ensure(TokenService tokens, Path file) {
        if (!tokens.none()) {
            return Optional.empty();
        }
        String secret = Secrets.generate();
        // The secret is on disk before the token exists: a failure here leaves no token nobody holds.
        write(file, secret);
        try {
            tokens.create(NAME, Role.ADMIN, secret);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
        log.info("initial admin token created token={} file={}", NAME, file.toAbsolutePath());
        return Optional.of(file);
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new ValidationException(KEY, Display.escape(file.toString()) + " exists already but the store has no tokens; it was not overwritten."
                    + " Move it away, or set " + KEY + " to a new path");
        } catch (IOException e) {
            throw new ValidationException(KEY, "cannot create " + Display.escape(file.toString()) + ": " + Display.escape(e.getMessage()) + "; set " + KEY + " to a writable path");
        } catch (UnsupportedOperationException e) {
            throw new ValidationException(KEY, "cannot create " + Display.escape(file.toString()) + " readable by its owner only; set " + KEY
                    + " to a path on a POSIX file system");
        }
        try {
            Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            delete(file);
            throw new ValidationException(KEY, "cannot write " + Display.escape(file.toString()) + ": " + Display.escape(e.getMessage()) + "; set " + KEY + " to a writable path");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove the initial token file after failing to save the token file={} error=\"{}\"", file, e.getMessage());
        }
    }
}
