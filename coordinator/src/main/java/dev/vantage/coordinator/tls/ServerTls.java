package dev.vantage.coordinator.tls;

import dev.vantage.coordinator.pki.PkiException;
import io.grpc.ServerInterceptor;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's TLS: the server context for its one port and for its HTTP endpoint, the check
 * that agents present a certificate, and reloading of the files without a restart.
 *
 * <p>The key and trust managers read the current {@link TlsMaterial} at every handshake, so
 * {@link #reloadIfChanged} (called every few seconds) and {@link #reload} (SIGHUP) take effect for
 * the next connection at once. A reload that fails keeps the old material and logs one error.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final TlsSettings settings;
    private final Refusals refusals = new Refusals();
    private volatile TlsMaterial material;
    private List<FileStamp> stamps;

    private record FileStamp(Path file, long modified, long size) {
        static FileStamp of(Path file) {
            try {
                return new FileStamp(file, Files.getLastModifiedTime(file).toMillis(), Files.size(file));
            } catch (IOException e) {
                return new FileStamp(file, -1, -1);
            }
        }
    }

    private ServerTls(TlsSettings settings, TlsMaterial material, List<FileStamp> stamps) {
        this.settings = settings;
        this.material = material;
        this.stamps = stamps;
    }

    /** Loads the files of {@code settings}, or says which one is wrong ({@link PkiException}). */
    public static ServerTls load(TlsSettings settings) {
        List<FileStamp> stamps = stamp(settings);
        return new ServerTls(settings, TlsMaterial.load(settings), stamps);
    }

    /**
     * The server context: the JDK provider, because it needs no native library and calls our
     * key and trust managers at every handshake (which is what makes reloading possible); TLS 1.3
     * and 1.2; client certificates asked for but optional on the port (the admin CLI has none),
     * required by {@link #agentInterceptor} for agents.
     */
    public SslContext sslContext() {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(new ReloadingKeyManager(() -> material)), SslProvider.JDK)
                    .trustManager(new ReloadingTrustManager(() -> material, refusals))
                    .clientAuth(ClientAuth.OPTIONAL)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException e) {
            throw new PkiException("tls: cannot build the server TLS context: " + e.getMessage());
        }
    }

    /**
     * For the HTTP endpoint ({@code http.listen}): the same certificate through the same reloading key
     * manager, so a rotated certificate serves the next HTTPS handshake there too. Server authentication
     * only: browsers and Prometheus present no client certificate; the endpoint's read token stays its check.
     */
    public SSLContext httpsContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new ReloadingKeyManager(() -> material)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PkiException("tls: cannot build the HTTPS context: " + e.getMessage());
        }
    }

    /** For the agent service: refuses calls without a valid client certificate and exposes {@link AgentIdentity#current()}. */
    public ServerInterceptor agentInterceptor() {
        return new AgentCertificateInterceptor(this::isRevoked, refusals);
    }

    public boolean isRevoked(BigInteger serial) {
        return material.revoked().contains(serial);
    }

    /**
     * Reloads when a file's modification time or size changed since the last attempt.
     *
     * @return whether new material is in use
     */
    public synchronized boolean reloadIfChanged() {
        List<FileStamp> now = stamp(settings);
        if (now.equals(stamps)) {
            return false;
        }
        stamps = now;
        return reload("files changed");
    }

    /** Reloads now, changed or not (SIGHUP). @return whether new material is in use */
    public synchronized boolean reload(String why) {
        try {
            material = TlsMaterial.load(settings);
            log.info("tls reloaded cause=\"{}\" cert={} ca={} revoked_serials={}", why, settings.cert().orElseThrow(),
                    settings.ca().orElseThrow(), material.revoked().size());
            return true;
        } catch (PkiException e) {
            log.error("tls reload failed, keeping the previous certificates cause=\"{}\" error=\"{}\"", why, e.getMessage());
            return false;
        }
    }

    private static List<FileStamp> stamp(TlsSettings s) {
        List<FileStamp> out = new ArrayList<>();
        Stream.of(s.cert(), s.key(), s.ca(), s.crl()).flatMap(Optional::stream).forEach(f -> out.add(FileStamp.of(f)));
        return out;
    }
}
