package org.provenancelab.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Git's object ids, as the Hub's listing gives them in {@code blobId}. */
public final class GitObjects {
    private GitObjects() {}

    /** The id git gives a file of these bytes: SHA-1 of "blob SIZE\0" and the bytes. */
    public static String blobId(byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blob id of the LFS pointer file git stores for an LFS file with this sha256 and size. */
    public static String lfsPointerBlobId(String sha256, long size) {
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize " + size + "\n";
        return blobId(pointer.getBytes(StandardCharsets.US_ASCII));
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
