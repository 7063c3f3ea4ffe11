package dev.vantage.agent.config;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The agent's TLS files ({@code --tls-cert}, {@code --tls-key}, {@code --tls-ca}): its client
 * certificate and key, which name its location, and the CA that signed the coordinator's certificate.
 */
public record AgentTls(Path cert, Path key, Path ca) {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    public AgentTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
    }

    /**
     * The certificate and key as an HTTPS server context for {@code --http-listen}, read the way the link
     * reads them (Netty's PEM reading, so the same files work for both); read once, at start.
     *
     * @throws IllegalArgumentException naming the options when the files cannot be used
     */
    public SSLContext httpsContext() {
        try {
            return ((JdkSslContext) SslContextBuilder.forServer(cert.toFile(), key.toFile()).sslProvider(SslProvider.JDK).build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-cert, --tls-key: cannot serve HTTPS with " + cert + " and " + key + ": "
                    + e.getMessage() + "; they must be PEM files (see vantage certs init)", e);
        }
    }

    /**
     * Whether scrapers will accept the certificate as a server's: it allows serverAuth. An agent certificate
     * issued without host names ({@code vantage certs issue --location L}) is for clientAuth only.
     */
    public boolean allowsServerAuth() {
        try (InputStream in = Files.newInputStream(cert)) {
            List<String> usages = ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getExtendedKeyUsage();
            return usages == null || usages.contains(SERVER_AUTH);
        } catch (IOException | CertificateException e) {
            return false;
        }
    }
}
