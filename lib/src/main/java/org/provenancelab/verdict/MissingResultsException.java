package org.provenancelab.verdict;

import java.nio.file.Path;

/** An earlier notebook's results file is not there: the verdict refuses to guess its numbers. */
public final class MissingResultsException extends IllegalStateException {
    private final String notebook;

    MissingResultsException(String notebook, Path expected) {
        super("the results of notebook " + notebook + " are missing: expected " + expected.getParent().getFileName()
                + "/" + expected.getFileName() + ", written when notebook " + notebook
                + " runs earlier in the same run (kernel-setup/run-notebooks.sh runs them in order). "
                + "The verdict is built from results files only, so it stops here.");
        this.notebook = notebook;
    }

    /** The two-digit number of the notebook whose results are missing. */
    public String notebook() {
        return notebook;
    }
}
