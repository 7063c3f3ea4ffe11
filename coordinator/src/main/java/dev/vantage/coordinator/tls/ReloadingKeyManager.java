package dev.vantage.coordinator.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** The server's key manager: always the newest loaded material, so a replaced certificate serves the next handshake. */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private final Supplier<TlsMaterial> current;

    ReloadingKeyManager(Supplier<TlsMaterial> current) {
        this.current = current;
    }

    private X509ExtendedKeyManager delegate() {
        return current.get().keys();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return delegate().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate().getPrivateKey(alias);
    }
}
