package dev.vantage.agent;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The agent's TLS files ({@code --tls-cert}, {@code --tls-key}, {@code --tls-ca}): its client
 * certificate and key, which name its location, and the CA that signed the coordinator's certificate.
 */
public record AgentTls(Path cert, Path key, Path ca) {
    public AgentTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
    }
}
