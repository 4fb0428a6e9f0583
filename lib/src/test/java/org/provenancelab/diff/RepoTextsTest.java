package org.provenancelab.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provenancelab.cache.DataCache;
import org.provenancelab.claims.ClaimTable;
import org.provenancelab.hub.HubClient;
import org.provenancelab.hub.HubStore;
import org.provenancelab.hub.LocalHub;
import org.provenancelab.hub.RepoHistory;
import org.provenancelab.hub.RetryPolicy;
import org.provenancelab.hub.Synthetic;
import org.provenancelab.model.SafetensorsModel;
import tech.tablesaw.api.Table;

/** The repos' small text files compared as text, on the synthetic repos (whose differences are known). */
class RepoTextsTest {
    @Test
    void textFilesNoticesAndCommitDiffs(@TempDir Path cache) throws Exception {
        try (LocalHub hub = LocalHub.start()) {
            Synthetic.publish(hub, Synthetic.SOLAR_LIKE);
            Synthetic.publish(hub, Synthetic.GLM_LIKE);
            HubClient c = new HubClient(hub.endpoint(), null, RetryPolicy.DEFAULT, false);
            var solar = new SafetensorsModel(HubStore.open(c, new DataCache(cache), Synthetic.SOLAR_LIKE.repo(), "main"));
            var glm = new SafetensorsModel(HubStore.open(c, new DataCache(cache), Synthetic.GLM_LIKE.repo(), "main"));
            // text files only: no shards, no index, no tokenizer.json
            assertEquals(java.util.Set.of("LICENSE", "README.md", "config.json", "configuration_solar_open.py", "generation_config.json",
                    "modeling_solar_open.py", "tokenizer_config.json"), RepoTexts.textFiles(solar).keySet());
            Table t = RepoTexts.compare(solar, glm);
            assertEquals(7, t.rowCount());
            int tc = t.stringColumn("file").asList().indexOf("tokenizer_config.json");
            assertEquals("yes", t.stringColumn("identical?").get(tc)); // the same synthetic template in both
            int mod = t.stringColumn("file").asList().indexOf("modeling_solar_open.py");
            assertEquals("only in A", t.stringColumn("identical?").get(mod));
            Table n = RepoTexts.notices(solar);
            assertEquals(1, n.rowCount());
            assertEquals(2, n.intColumn("line").get(0));
            assertTrue(RepoTexts.grep(solar, "num_hidden_layers").rowCount() >= 2);
            RepoHistory h = RepoHistory.of(solar);
            var before = new SafetensorsModel(HubStore.open(c, new DataCache(cache), Synthetic.SOLAR_LIKE.repo(), h.parent().orElseThrow().id()));
            String html = RepoTexts.commitDiffsHtml(before, solar, h.changes(), 60);
            assertTrue(html.contains("+# Copyright 2025 The Synthetic Authors"), html);
            assertTrue(html.contains("+       synthetic list published by the Licensor"), html);
            String u = RepoTexts.unified(before, solar, "LICENSE", 3);
            assertTrue(u.endsWith("more diff lines"), u);
        }
    }

    @Test
    void claimTablesNeedEveryColumn() {
        var t = new ClaimTable("claims").add("c", "by", "ours", "src", "yes").table();
        assertEquals(1, t.rowCount());
        assertEquals("src", t.stringColumn("source").get(0));
        assertThrows(IllegalArgumentException.class, () -> new ClaimTable("x").add("c", "by", "", "src", "yes"));
    }
}
