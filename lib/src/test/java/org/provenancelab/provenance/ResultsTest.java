package org.provenancelab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Results.reset();
    }

    @Test
    void resultsRoundTripWithTheirSources() throws Exception {
        Path file = dir.resolve("07_layerwise.results.json");
        Source solar = Source.live("upstage/Solar-Open-100B", "a".repeat(40)), glm = Source.live("zai-org/GLM-4.5-Air", "b".repeat(40));
        Results.put("pearson_same_index_mean", 0.0123, Sources.of(solar, glm));
        Results.put("verdict", "no evidence of derivation", Source.computed("rubric"));
        Results.put("pearson_same_index_mean", 0.0125, Sources.of(solar, glm)); // a re-run cell replaces its value
        Results.write(file.toString(), "{\"modelA\": \"upstage/Solar-Open-100B\"}");
        Results.File f = Results.parse(file);
        assertEquals("07_layerwise", f.notebook());
        assertEquals("upstage/Solar-Open-100B", f.parameters().path("modelA").asText());
        assertEquals(2, f.results().size());
        Results.Entry p = f.get("pearson_same_index_mean");
        assertEquals(0.0125, p.number());
        assertNull(p.text());
        assertEquals("live upstage/Solar-Open-100B@aaaaaaa; live zai-org/GLM-4.5-Air@bbbbbbb", p.source());
        assertTrue(p.sourceFull().contains("a".repeat(40)), p.sourceFull());
        assertEquals(java.util.List.of(solar, glm), p.sources());
        assertEquals("no evidence of derivation", f.get("verdict").text());
        assertThrows(IllegalStateException.class, () -> f.get("verdict").number());
        assertThrows(IllegalArgumentException.class, () -> f.get("missing"));
        String json = Files.readString(file);
        assertTrue(json.contains("\"source_full\""), json);
    }

    @Test
    void badResultsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Results.put("bad key", 1, Source.computed("x")));
        assertThrows(IllegalArgumentException.class, () -> Results.put("nan", Double.NaN, Source.computed("x")));
        assertThrows(IllegalArgumentException.class, () -> Results.write(dir.resolve("x.json").toString(), null));
    }
}
