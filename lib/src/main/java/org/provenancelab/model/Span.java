package org.provenancelab.model;

/** Bytes [start, start + length) of one file. */
public record Span(String file, long start, int length) {
    public Span {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("bad span " + start + "+" + length + " of " + file);
        }
    }

    public long end() {
        return start + length;
    }
}
