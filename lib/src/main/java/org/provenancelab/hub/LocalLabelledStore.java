package org.provenancelab.hub;

import java.io.IOException;
import java.util.List;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.FileStore;
import org.provenancelab.model.Span;
import org.provenancelab.provenance.Source;

/** A hub store read from the lab's local hub: same reads, labelled {@code local …} instead of {@code live …}. */
final class LocalLabelledStore implements FileStore {
    private final HubStore store;

    LocalLabelledStore(HubStore store) {
        this.store = store;
    }

    /** The hub store read through (its client and cache serve the repo's history too). */
    HubStore inner() {
        return store;
    }

    @Override
    public String repo() {
        return store.repo();
    }

    @Override
    public String commit() {
        return store.commit();
    }

    @Override
    public Source source() {
        return Source.local(store.repo(), store.commit());
    }

    @Override
    public List<FileEntry> files() throws IOException {
        return store.files();
    }

    @Override
    public byte[] file(String path, long maxBytes) throws IOException {
        return store.file(path, maxBytes);
    }

    @Override
    public List<byte[]> read(List<Span> spans) throws IOException {
        return store.read(spans);
    }
}
