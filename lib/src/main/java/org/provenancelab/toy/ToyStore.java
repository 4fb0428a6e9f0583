package org.provenancelab.toy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.FileStore;
import org.provenancelab.model.LocalStore;
import org.provenancelab.model.Span;
import org.provenancelab.provenance.Source;

/** A toy member's directory, read like any local model but labelled {@code toy <family>/<member>@<seed>}. */
final class ToyStore implements FileStore {
    private final LocalStore dir;
    private final Source source;
    private final String repo;

    ToyStore(Path dir, String repo, Source source) throws IOException {
        this.dir = new LocalStore(dir);
        this.repo = repo;
        this.source = source;
    }

    @Override
    public String repo() {
        return repo;
    }

    @Override
    public String commit() {
        return dir.commit();
    }

    @Override
    public Source source() {
        return source;
    }

    @Override
    public List<FileEntry> files() {
        return dir.files();
    }

    @Override
    public byte[] file(String path, long maxBytes) throws IOException {
        return dir.file(path, maxBytes);
    }

    @Override
    public List<byte[]> read(List<Span> spans) throws IOException {
        return dir.read(spans);
    }
}
