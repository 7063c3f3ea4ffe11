package dev.vantage.coordinator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Token secrets: how they are made and the one form of them the coordinator keeps. */
final class Secrets {
    static final String PREFIX = "vt_";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code vt_} and 32 random bytes in base64url without padding (43 characters). */
    static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * SHA-256 of the secret. A slow password hash (bcrypt, argon2) protects guessable passwords; these
     * secrets are 256 random bits, so there is nothing to guess and a fast hash loses nothing, while
     * keeping each call's check cheap.
     */
    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
