package org.provenancelab.claims;

/** The two sides of the Solar / GLM dispute whose published outputs the lab ships. */
public enum Side {
    /** The accusation: sionic-ai/solar-vs-glm. */
    SIONIC("sionic", "https://github.com/sionic-ai/solar-vs-glm"),
    /** The rebuttal: hyunwoongko/solar-vs-glm-vs-phi. */
    REBUTTAL("rebuttal", "https://github.com/hyunwoongko/solar-vs-glm-vs-phi");

    private final String id;
    private final String repository;

    Side(String id, String repository) {
        this.id = id;
        this.repository = repository;
    }

    /** The folder name under notebooks/data/published and the label's subject. */
    public String id() {
        return id;
    }

    public String repository() {
        return repository;
    }
}
