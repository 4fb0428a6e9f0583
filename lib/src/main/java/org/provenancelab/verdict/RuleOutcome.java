package org.provenancelab.verdict;

import java.util.List;

/**
 * One rubric rule, applied: its id, its text, whether it holds, why, and the evidence lines it
 * rests on.
 */
public record RuleOutcome(String id, String rule, boolean holds, String because, List<EvidenceLine> cited) {
    public RuleOutcome {
        cited = List.copyOf(cited);
    }
}
