package dev.vantage.coordinator.pki;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;

/** A certificate and key written by {@link CertificateAuthority}: what `vantage certs` prints. */
public record Issued(String subject, BigInteger serial, Path certificate, Path key, Instant notAfter) {
    public String serialHex() {
        return serial.toString(16);
    }
}
