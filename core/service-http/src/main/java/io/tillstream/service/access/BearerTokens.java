package io.tillstream.service.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: 256 random bits, kept only as SHA-256. A slow password hash (bcrypt, Argon2) defends
 * guessable secrets; a token of 256 random bits cannot be guessed, so a fast hash loses nothing and
 * keeps every request cheap.
 */
public final class BearerTokens {

    /** A prefix that secret scanners (and people) recognise in a paste. */
    public static final String PREFIX = "tst_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerTokens() {
    }

    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
