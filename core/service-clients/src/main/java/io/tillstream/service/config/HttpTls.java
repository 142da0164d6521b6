package io.tillstream.service.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS for the JDK-server APIs (stock-projector, reconciliation): the server's key and certificate
 * in a PKCS12 key store, and what a peer's certificate is checked against when one instance asks
 * another (interactive queries). Without {@code TILLSTREAM_HTTP_TLS_KEYSTORE} the API is plain HTTP.
 *
 * @param keyStore   the PKCS12 key store with the server's key and certificate (its SANs must name the
 *                   host names peers use: {@code TILLSTREAM_ADVERTISED_HOST})
 * @param password   its password
 * @param trustStore the PKCS12 trust store for peers' certificates; null for the JDK's own CAs
 * @param trustPassword its password
 */
public record HttpTls(Path keyStore, String password, Path trustStore, String trustPassword) {

    public static final String KEYSTORE_ENV = "TILLSTREAM_HTTP_TLS_KEYSTORE";
    public static final String KEYSTORE_PASSWORD_FILE_ENV = "TILLSTREAM_HTTP_TLS_KEYSTORE_PASSWORD_FILE";
    public static final String TRUSTSTORE_ENV = "TILLSTREAM_HTTP_TLS_TRUSTSTORE";
    public static final String TRUSTSTORE_PASSWORD_FILE_ENV = "TILLSTREAM_HTTP_TLS_TRUSTSTORE_PASSWORD_FILE";

    /** @return null when no key store is configured (plain HTTP) */
    public static HttpTls fromEnvironment(Map<String, String> env) {
        String keyStore = env.get(KEYSTORE_ENV);
        if (keyStore == null || keyStore.isBlank()) {
            return null;
        }
        String trustStore = env.get(TRUSTSTORE_ENV);
        return new HttpTls(Path.of(keyStore), secret(env, KEYSTORE_PASSWORD_FILE_ENV),
                trustStore == null || trustStore.isBlank() ? null : Path.of(trustStore),
                trustStore == null || trustStore.isBlank() ? null : secret(env, TRUSTSTORE_PASSWORD_FILE_ENV));
    }

    /** The server side: its key and certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, password), password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unusable TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** The client side, for asking a peer instance: its trust store, or the JDK's CAs. */
    public SSLContext peerContext() {
        try {
            if (trustStore == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trustPassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unusable TLS trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    private static String secret(Map<String, String> env, String variable) {
        String file = env.get(variable);
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("Set " + variable + " (a file holding the password)");
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + variable + "=" + file, e);
        }
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "HttpTls[keyStore=" + keyStore + ", trustStore=" + (trustStore == null ? "JDK default" : trustStore) + "]";
    }
}
