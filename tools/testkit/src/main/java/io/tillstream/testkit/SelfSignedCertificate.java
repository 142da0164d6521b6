package io.tillstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost in a PKCS12 key store, made by the JDK's own
 * {@code keytool} (no certificate library needed), and a client {@link SSLContext} that trusts it and
 * nothing else: what a retailer's private CA would be to its tills.
 *
 * @param keyStore the PKCS12 file holding the key and certificate
 * @param password its password
 */
public record SelfSignedCertificate(Path keyStore, String password) {

    public static SelfSignedCertificate create(Path dir) {
        Path keyStore = dir.resolve("tls-" + System.nanoTime() + ".p12");
        String password = "test-store-password";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tillstream",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", password).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
        return new SelfSignedCertificate(keyStore, password);
    }

    /** A client context that trusts this certificate only. */
    public SSLContext trustingIt() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not load " + keyStore, e);
        }
    }
}
