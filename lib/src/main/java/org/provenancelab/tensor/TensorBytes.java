package org.provenancelab.tensor;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tensor's stored bytes, readable piece by piece: in memory, in a local shard or behind
 * HTTP range requests. Byte-identity checks read through this without holding the tensor.
 */
public interface TensorBytes {
    String name();

    DType dtype();

    /** Length of the tensor's data in bytes. */
    long byteSize();

    /** {@code length} bytes starting {@code offset} bytes into the tensor's data. */
    byte[] read(long offset, int length) throws IOException;

    /** SHA-256 of all the tensor's bytes, read in chunks (never the whole tensor at once). */
    default String sha256() throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = byteSize();
        int chunk = 8 << 20;
        for (long off = 0; off < size; off += chunk) {
            md.update(read(off, (int) Math.min(chunk, size - off)));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
