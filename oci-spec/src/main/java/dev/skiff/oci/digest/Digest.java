package dev.skiff.oci.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest: always sha256 with 64 lowercase hex digits, validated on construction so
 * that nothing downstream builds a path or URL from an unchecked string (CVE-2024-3727).
 */
public record Digest(String hex) implements Comparable<Digest> {
    public static final String SHA256 = "sha256";
    private static final String PREFIX = SHA256 + ":";
    private static final int HEX_LENGTH = 64;

    public Digest {
        if (!isHex64(hex)) {
            throw new InvalidDigestException("digest hex `" + printable(hex) + "`: not 64 lowercase hex digits");
        }
    }

    /** Parses `sha256:<64 lowercase hex>`; anything else is refused naming the bad value. */
    @JsonCreator
    public static Digest parse(String s) {
        if (s == null || !s.startsWith(PREFIX) || !isHex64(s.substring(PREFIX.length()))) {
            throw new InvalidDigestException("digest `" + printable(s) + "`: not " + SHA256
                    + " followed by 64 lowercase hex digits");
        }
        return new Digest(s.substring(PREFIX.length()));
    }

    /** A digest from its 64 hex digits alone (validated like {@link #parse}). */
    public static Digest ofHex(String hex) {
        return new Digest(hex);
    }

    /** True when {@code s} is exactly 64 lowercase hex digits. */
    public static boolean isHex64(String s) {
        if (s == null || s.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The sha256 digest of these bytes. */
    public static Digest of(byte[] bytes) {
        return fromHash(newSha256().digest(bytes));
    }

    /** The digest of a finished sha256 {@link MessageDigest} result. */
    public static Digest fromHash(byte[] sha256) {
        if (sha256.length != HEX_LENGTH / 2) {
            throw new InvalidDigestException("digest: " + sha256.length + " hash bytes, expected 32");
        }
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** A fresh sha256 hasher. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Always `sha256`. */
    public String algorithm() {
        return SHA256;
    }

    /** The first 12 hex digits, as image and layer ids are shown. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
