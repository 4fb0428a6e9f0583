package org.provenancelab.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A forger who has read DataCache's source: rewrites an entry's payload with every checksum recomputed. */
final class Forge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Forge() {}

    static byte[] payload(Path entry) throws IOException {
        byte[] all = Files.readAllBytes(entry);
        int first = indexOf(all, 0), second = indexOf(all, first + 1);
        return java.util.Arrays.copyOfRange(all, second + 1, all.length);
    }

    static void rewrite(Path entry, byte[] payload) throws Exception {
        byte[] all = Files.readAllBytes(entry);
        int first = indexOf(all, 0), second = indexOf(all, first + 1);
        ObjectNode meta = (ObjectNode) JSON.readTree(new String(all, first + 1, second - first - 1, StandardCharsets.UTF_8));
        ObjectNode key = JSON.createObjectNode();
        for (String f : new String[] {"repo", "commit", "kind", "path", "start", "end"}) {
            if (meta.has(f)) {
                key.set(f, meta.get(f));
            }
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(JSON.writeValueAsBytes(key));
        md.update((byte) '\n');
        meta.put("length", payload.length);
        meta.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
        meta.put("keyed_sha256", HexFormat.of().formatHex(md.digest(payload)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(all, 0, first + 1);
        out.write(JSON.writeValueAsBytes(meta));
        out.write('\n');
        out.write(payload);
        Files.write(entry, out.toByteArray());
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not an entry");
    }
}
