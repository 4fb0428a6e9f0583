package org.provenancelab.forensics;

import java.io.IOException;
import java.util.Map;
import org.provenancelab.hub.Hub;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Which of the repos a notebook studies this run can read, and at which commit: said before any number. */
public final class Availability {
    private Availability() {}

    /**
     * One row per role: the repo, and either its pinned source label or why it is not read in
     * this profile (a real repo offline, with nothing in the data-cache).
     */
    public static Table table(Hub hub, Map<String, String> roleToRepo) throws IOException {
        Table t = Table.create("Repos this run reads (profile " + hub.profile().label() + ")", StringColumn.create("role"),
                StringColumn.create("repo"), StringColumn.create("read here as"));
        for (var e : roleToRepo.entrySet()) {
            t.stringColumn("role").append(e.getKey());
            t.stringColumn("repo").append(e.getValue());
            t.stringColumn("read here as").append(hub.has(e.getValue()) ? hub.model(e.getValue()).source().label()
                    : "not read: a real repo, and data-cache/ holds no earlier online run of it (run with --profile online)");
        }
        return t;
    }
}
