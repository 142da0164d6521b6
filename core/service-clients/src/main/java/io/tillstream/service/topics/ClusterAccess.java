package io.tillstream.service.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCRAM credentials and ACLs of a secured cluster, set through the Admin API (what
 * {@code kafka-configs.sh --add-config SCRAM-SHA-512=...} and {@code kafka-acls.sh} do). Both calls are
 * idempotent: run at every deployment, a new password replaces the old one and the ACLs are the plan's.
 */
final class ClusterAccess {

    private static final Logger log = LoggerFactory.getLogger(ClusterAccess.class);
    /** Kafka's own default for SCRAM-SHA-512, and above the 4096 minimum of RFC 7677. */
    private static final int ITERATIONS = 8192;
    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;

    ClusterAccess(Admin admin) {
        this.admin = admin;
    }

    /**
     * The {@code principal=password} file. Every principal of {@link ServicePrincipals#names()} must be
     * there and no other: a typo would otherwise leave a service without a credential until it fails.
     */
    static Map<String, String> readPasswords(Path file) {
        Properties read = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            read.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the SCRAM users file " + file, e);
        }
        Map<String, String> passwords = new TreeMap<>();
        read.forEach((k, v) -> passwords.put(k.toString().trim(), v.toString().trim()));
        Set<String> expected = new TreeSet<>(ServicePrincipals.names());
        if (!passwords.keySet().equals(expected)) {
            throw new IllegalArgumentException("The SCRAM users file " + file + " names " + passwords.keySet()
                    + "; it must name exactly " + expected);
        }
        passwords.forEach((name, password) -> {
            if (password.length() < 16) {
                throw new IllegalArgumentException("The password of " + name + " in " + file
                        + " is shorter than 16 characters");
            }
        });
        return passwords;
    }

    void apply(Map<String, String> passwords) {
        List<UserScramCredentialAlteration> upserts = passwords.entrySet().stream()
                .<UserScramCredentialAlteration>map(e -> new UserScramCredentialUpsertion(e.getKey(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), e.getValue()))
                .toList();
        List<AclBinding> acls = ServicePrincipals.all().values().stream().flatMap(List::stream).toList();
        try {
            admin.alterUserScramCredentials(upserts).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set the cluster's credentials and ACLs: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not confirm the credentials and ACLs within "
                    + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting the credentials and ACLs", e);
        }
        log.info("SCRAM credentials set for {} principals, {} ACLs in place", passwords.size(), acls.size());
    }
}
