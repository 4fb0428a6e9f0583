package org.provenancelab.architecture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;

/** A model's config.json with the name it is shown under and where it came from. */
public record ModelConfig(String name, JsonNode config, Source source) {
    /** config.json of a model source (hub repo, local shards, zoo model). */
    public static ModelConfig of(ModelSource m) throws IOException {
        return new ModelConfig(m.id(), m.config(), Provenance.record(m.source()));
    }

    /** A config object taken from elsewhere (a published file), under a name, with its label. */
    public static ModelConfig of(String name, JsonNode config, Source source) {
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException(name + ": config is not a JSON object (" + source.label() + ")");
        }
        return new ModelConfig(name, config, Provenance.record(source));
    }
}
