package org.provenancelab.hub;

import java.io.IOException;
import org.provenancelab.cache.DataCache;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.provenance.Lab;

/** Opening hub models from a notebook: {@code Hub.model("zai-org/GLM-4.5-Air", "main")}. */
public final class Hub {
    private Hub() {}

    /**
     * A model on the hub the environment names (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE), pinned to
     * the commit {@code revision} points at now, cached in the lab's data-cache (or LAB_CACHE).
     */
    public static SafetensorsModel model(String repo, String revision) throws IOException {
        return model(HubClient.fromEnvironment(), DataCache.fromEnvironment(Lab.home()), repo, revision);
    }

    public static SafetensorsModel model(HubClient client, DataCache cache, String repo, String revision) throws IOException {
        return new SafetensorsModel(HubStore.open(client, cache, repo, revision));
    }
}
