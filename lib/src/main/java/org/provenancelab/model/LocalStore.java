package org.provenancelab.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.provenancelab.provenance.Source;

/**
 * A directory of safetensors shards (with config.json and model.safetensors.index.json), read
 * with positioned reads: only the bytes asked for, never a whole shard.
 */
public final class LocalStore implements FileStore {
    private final Path dir;
    private final List<FileEntry> files;
    private final String commit;

    public LocalStore(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.dir)) {
            throw new FileNotFoundException("model directory not found: " + dir);
        }
        List<FileEntry> list = new ArrayList<>();
        try (Stream<Path> s = Files.walk(this.dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = this.dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".")) {
                    list.add(new FileEntry(rel, Files.size(p), "", ""));
                }
            }
        }
        this.files = List.copyOf(list);
        // a local directory has no commit: identify the listing (names and sizes) instead
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (FileEntry f : files) {
                md.update((f.path() + "\0" + f.size() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            this.commit = HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String repo() {
        return dir.getFileName().toString();
    }

    @Override
    public String commit() {
        return commit;
    }

    @Override
    public Source source() {
        return Source.live("local/" + repo(), commit);
    }

    @Override
    public List<FileEntry> files() {
        return files;
    }

    private Path resolve(String path) throws FileNotFoundException {
        Path p = dir.resolve(path).normalize();
        if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
            throw new FileNotFoundException(repo() + ": no file '" + path + "'");
        }
        return p;
    }

    @Override
    public byte[] file(String path, long maxBytes) throws IOException {
        Path p = resolve(path);
        long size = Files.size(p);
        if (size > maxBytes) {
            throw new IOException(repo() + "/" + path + " is " + size + " bytes, more than the " + maxBytes + " allowed for a whole-file read");
        }
        return Files.readAllBytes(p);
    }

    @Override
    public List<byte[]> read(List<Span> spans) throws IOException {
        List<byte[]> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            try (FileChannel ch = FileChannel.open(resolve(s.file()), StandardOpenOption.READ)) {
                if (s.end() > ch.size()) {
                    throw new IOException(repo() + "/" + s.file() + ": bytes " + s.start() + ".." + s.end()
                            + " are beyond its end (" + ch.size() + " bytes)");
                }
                ByteBuffer buf = ByteBuffer.allocate(s.length());
                long pos = s.start();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new IOException(repo() + "/" + s.file() + ": file shrank while reading");
                    }
                    pos += n;
                }
                out.add(buf.array());
            }
        }
        return out;
    }
}
