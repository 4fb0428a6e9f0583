package org.provenancelab.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file the local hub serves: real bytes, or bytes generated on demand for virtual shards. */
public interface Content {
    long size();

    /** The sha256 the hub announces as the LFS hash / X-Linked-Etag. */
    String sha256();

    /** Writes bytes [start, start + length) to {@code out}. */
    void write(OutputStream out, long start, long length) throws IOException;

    static Content of(byte[] bytes) {
        byte[] copy = bytes.clone();
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(copy));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Content() {
            @Override
            public long size() {
                return copy.length;
            }

            @Override
            public String sha256() {
                return sha;
            }

            @Override
            public void write(OutputStream out, long start, long length) throws IOException {
                out.write(copy, (int) start, (int) length);
            }
        };
    }
}
