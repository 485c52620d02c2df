package io.driftline.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the HTTP API: the server's key and certificate from a key store (PKCS12 or JKS, as keytool and openssl
 * make them), and what the instance trusts when it forwards an Interactive Query to another instance over https
 * (a trust store, else the JDK's default trust). JDK only; a bad file or password fails at start-up, naming it.
 */
public final class HttpTls {

    private final SSLContext server;
    private final SSLContext client;

    private HttpTls(SSLContext server, SSLContext client) {
        this.server = server;
        this.client = client;
    }

    /**
     * Loads the key store (server side) and the trust store (null: the JDK's default trust) for peers.
     *
     * @throws IllegalArgumentException naming the file, when a store cannot be read or opened
     */
    public static HttpTls load(Path keyStore, char[] keyStorePassword, String type, Path trustStore,
                               char[] trustStorePassword) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store(keyStore, keyStorePassword, type), keyStorePassword);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keys.getKeyManagers(), null, null);
            SSLContext client = SSLContext.getInstance("TLS");
            if (trustStore == null) {
                client.init(null, null, null);
            } else {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store(trustStore, trustStorePassword, type));
                client.init(null, trust.getTrustManagers(), null);
            }
            return new HttpTls(server, client);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the HTTP API from " + keyStore + ": "
                    + e.getMessage(), e);
        }
    }

    private static KeyStore store(Path file, char[] password, String type) throws GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("HTTP API TLS store " + file + " does not exist");
        }
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot open HTTP API TLS store " + file + " (" + type + "): "
                    + e.getMessage(), e);
        }
        return store;
    }

    /** What the server presents. */
    public SSLContext server() {
        return server;
    }

    /** What this instance trusts when it calls another over https. */
    public SSLContext client() {
        return client;
    }
}
