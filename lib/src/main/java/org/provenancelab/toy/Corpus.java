package org.provenancelab.toy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Training text for the toy family: licence texts that Debian's {@code base-files} package puts
 * on every system under {@code /usr/share/common-licenses}. Characters are the model's tokens:
 * ASCII bytes keep their code (0–126), every other byte becomes 127.
 *
 * @param name   short name of this text set
 * @param files  the files, in the order they are joined
 * @param sha256 hex digest of each file, in order (part of the family's cache key)
 * @param tokens the joined text as token ids
 */
public record Corpus(String name, List<Path> files, List<String> sha256, int[] tokens) {
    public static final Path DEBIAN_LICENSES = Path.of("/usr/share/common-licenses");
    public static final int VOCAB = 128;

    public Corpus {
        files = List.copyOf(files);
        sha256 = List.copyOf(sha256);
    }

    /** Reads licence texts by file name from {@code dir}; fails naming the file if one is missing. */
    public static Corpus licenses(String name, Path dir, List<String> fileNames) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (String f : fileNames) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new java.io.FileNotFoundException("toy corpus '" + name + "': " + p
                        + " not found (Debian's base-files package installs the licence texts there)");
            }
            byte[] b = Files.readAllBytes(p);
            files.add(p);
            hashes.add(sha256(b));
            all.writeBytes(b);
            all.write('\n');
        }
        return new Corpus(name, files, hashes, encode(all.toByteArray()));
    }

    public static int[] encode(byte[] text) {
        int[] out = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            int c = text[i] & 0xFF;
            out[i] = c < VOCAB - 1 ? c : VOCAB - 1;
        }
        return out;
    }

    public int length() {
        return tokens.length;
    }

    /** The file names, joined with '+', as shown in tables. */
    public String describe() {
        return String.join("+", files.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** {@code batch} windows of {@code len} tokens at positions drawn from {@code rng}. */
    public int[][] sample(Random rng, int batch, int len) {
        if (len > tokens.length) {
            throw new IllegalArgumentException("corpus '" + name + "' has " + tokens.length + " tokens, fewer than a window of " + len);
        }
        int[][] out = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int at = rng.nextInt(tokens.length - len + 1);
            out[b] = java.util.Arrays.copyOfRange(tokens, at, at + len);
        }
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
