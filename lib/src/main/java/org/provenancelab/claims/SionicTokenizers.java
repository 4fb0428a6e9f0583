package org.provenancelab.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Sionic's two published tokenizer files (Solar as A, GLM as B), read as they are: the lab's own
 * reading of the real tokenizers is {@link org.provenancelab.tokenizer.TokenizerComparison}.
 */
public final class SionicTokenizers {
    /** Sizes, overlap, same-id matches, offsets and the longest run. */
    public static final String COMPARE = "out_solar_vs_glm45/01_tokenizer_compare.json";
    /** How many GLM tokens Solar contains, and at which ids. */
    public static final String EXPANSION = "out_with_control_v2/tokenizer_expansion_analysis.json";

    private SionicTokenizers() {}

    /** The headline figures of both files, one statistic a row, each naming its file and source. */
    public static Table figures(Published published) {
        JsonNode tc = published.json(Side.SIONIC, COMPARE);
        JsonNode tx = published.json(Side.SIONIC, EXPANSION);
        String f1 = fileName(COMPARE), f2 = fileName(EXPANSION);
        Table t = Table.create("Sionic's tokenizer figures for Solar (A) and GLM (B), as published", StringColumn.create("statistic"),
                StringColumn.create("value"), StringColumn.create("file"), StringColumn.create("source"));
        String[][] rows = {
            {"vocabulary A / B", at(tc, "/A_fingerprint/vocab_size") + " / " + at(tc, "/B_fingerprint/vocab_size"), f1},
            {"merges A / B", at(tc, "/A_fingerprint/merges_len") + " / " + at(tc, "/B_fingerprint/merges_len"), f1},
            {"shared token texts (Jaccard; share of the smaller)", at(tc, "/token_set_overlap/intersection") + " ("
                + String.format(Locale.ROOT, "%.3f; %.3f", number(tc, "/token_set_overlap/jaccard"),
                    number(tc, "/token_set_overlap/overlap_vs_smaller")) + ")", f1},
            {"same text at the same id", at(tc, "/same_id_exact_matches/matches") + " of " + at(tc, "/same_id_exact_matches/denom"), f1},
            {"most frequent offset (ASCII tokens) and its count",
                at(tc, "/best_ascii_offset") + " (" + at(tc, "/ascii_offset_histogram_top10/0/count") + " ASCII tokens)", f1},
            {"longest run at that offset", at(tc, "/best_offset_longest_contiguous_run/run_len") + " tokens from A id "
                + at(tc, "/best_offset_longest_contiguous_run/run_start_in_A"), f1},
            {"B tokens found in A; with the same or a close id", at(tx, "/b_tokens_found_in_a") + "; " + at(tx, "/b_tokens_same_or_close_id"), f2},
            {"most common position difference and its count",
                at(tx, "/most_common_position_diffs/0/0") + " (" + at(tx, "/most_common_position_diffs/0/1") + " tokens)", f2},
            {"merges shared; first 1000 merges equal", at(tx, "/merges_intersection") + "; " + at(tx, "/first_1000_merges_exact_match"), f2}};
        String source = published.source(Side.SIONIC).label();
        for (String[] r : rows) {
            t.stringColumn("statistic").append(r[0]);
            t.stringColumn("value").append(r[1]);
            t.stringColumn("file").append(r[2]);
            t.stringColumn("source").append(source);
        }
        return t;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The field as the file writes it (numbers and booleans bare); a missing field is an error naming it. */
    private static String at(JsonNode file, String pointer) {
        JsonNode n = file.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            throw new IllegalStateException("published sionic tokenizer file: " + pointer + " is missing");
        }
        return n.toString();
    }

    private static double number(JsonNode file, String pointer) {
        JsonNode n = file.at(pointer);
        if (!n.isNumber()) {
            throw new IllegalStateException("published sionic tokenizer file: " + pointer + " is not a number");
        }
        return n.asDouble();
    }
}
