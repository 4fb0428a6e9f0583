package org.provenancelab.provenance;

import java.util.Locale;

/** Where a run takes its data from. */
public enum Profile {
    /** The offline zoo, the published data of both sides, and whatever the data-cache holds. */
    OFFLINE,
    /** The real repositories on the Hub (HF_ENDPOINT, HF_TOKEN). */
    ONLINE;

    /** The variable the runner sets for the notebooks it executes. */
    public static final String ENV = "LAB_PROFILE";

    public static Profile parse(String value) {
        if (value == null || value.isBlank()) {
            return OFFLINE;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown profile '" + value + "' in " + ENV
                    + ": expected 'offline' or 'online'");
        }
    }

    public static Profile current() {
        return parse(System.getenv(ENV));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
