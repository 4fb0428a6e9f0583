package org.provenancelab.model;

import java.io.IOException;
import java.util.List;
import org.provenancelab.provenance.Source;

/**
 * Where a repo's files live: a hub (range requests, cached) or a local directory. A store is
 * pinned: every read refers to one commit.
 */
public interface FileStore {
    /** Repo id, or the directory's name for local stores. */
    String repo();

    /** The pinned commit SHA (hub) or a content hash of the listing (local). */
    String commit();

    /** The provenance label of numbers measured from this store. */
    Source source();

    /** Every file with its size and LFS hash where known. */
    List<FileEntry> files() throws IOException;

    /** A whole small file; an error if it is larger than {@code maxBytes}. */
    byte[] file(String path, long maxBytes) throws IOException;

    /** The bytes of each span, in the order asked; the store may coalesce and parallelise. */
    List<byte[]> read(List<Span> spans) throws IOException;

    /** Size of one file, from the listing. */
    default long size(String path) throws IOException {
        for (FileEntry f : files()) {
            if (f.path().equals(path)) {
                return f.size();
            }
        }
        throw new java.io.FileNotFoundException(repo() + ": no file '" + path + "'");
    }
}
