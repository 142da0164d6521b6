package io.tillstream.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The TLS context for an https:// registry: our trust store (else the JDK's) and, for mTLS, our key store.
 *
 * @param truststore null: trust what the JDK trusts
 * @param keystore   null: no client certificate
 */
record RegistryTls(Store truststore, Store keystore, Password keyPassword) {

    /** A key store file; its password is a {@link Password}, so it prints as [hidden]. */
    record Store(Path location, Password password, String type) {

        static Store of(String location, Password password, String type) {
            return location == null ? null : new Store(Path.of(location), password, type);
        }

        KeyStore load() {
            try (InputStream in = Files.newInputStream(location)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password == null ? null : password.value().toCharArray());
                return store;
            } catch (IOException | GeneralSecurityException e) {
                // The location is not secret; the exception names neither the password nor the content.
                throw new ConfigException("Cannot load the " + type + " key store " + location + ": " + e.getMessage());
            }
        }
    }

    SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(truststore == null ? null : truststore.load()); // null: the JDK's default trust store
            KeyManagerFactory keys = null;
            if (keystore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                Password pw = keyPassword != null ? keyPassword : keystore.password();
                keys.init(keystore.load(), pw == null ? new char[0] : pw.value().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS to the schema registry: " + e.getMessage());
        }
    }
}
