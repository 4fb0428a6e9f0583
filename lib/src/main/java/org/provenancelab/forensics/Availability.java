package org.provenancelab.forensics;

import java.io.IOException;
import java.util.Map;
import org.provenancelab.hub.Hub;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Which of the repos a notebook studies this run can read, and at which commit: said before any number. */
public final class Availability {
    private Availability() {}

    /** The same from alternating role and repo names: {@code "model A", modelA, "model B", modelB, …}. */
    public static Table table(Hub hub, String... roleRepo) throws IOException {
        if (roleRepo.length % 2 != 0) {
            throw new IllegalArgumentException("roles and repos come in pairs, got " + roleRepo.length + " names");
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < roleRepo.length; i += 2) {
            m.put(roleRepo[i] + (m.containsKey(roleRepo[i]) ? " (" + (i / 2 + 1) + ")" : ""), roleRepo[i + 1]);
        }
        return table(hub, m);
    }

    /** What a live cell shows when the real repos are not there: said in place, with what stands instead. */
    public static String notRun(String modelA, String modelB, String instead) {
        return "**Not run in this profile.** " + modelA + " and " + modelB + " are real Hub repos and `data-cache/` holds no earlier "
                + "online run of them, so nothing is measured on them here. The online profile "
                + "(`kernel-setup/run-notebooks.sh --profile online`) runs this cell; " + instead + ".";
    }

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
