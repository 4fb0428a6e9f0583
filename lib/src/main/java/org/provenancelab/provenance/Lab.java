package org.provenancelab.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Facts about this lab installation: where it lives, its version, its git commit. */
public final class Lab {
    /** Set by the kernelspec and the runner to the checkout's root. */
    public static final String HOME_ENV = "LAB_HOME";
    /** Set by the runner to the checkout's commit (with "-dirty" for uncommitted changes). */
    public static final String COMMIT_ENV = "LAB_GIT_COMMIT";

    private Lab() {}

    /** The root of the lab checkout (the folder holding pom.xml, lib/ and notebooks/). */
    public static Path home() {
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            if (!Files.isDirectory(p.resolve("notebooks"))) {
                throw new IllegalStateException(HOME_ENV + " does not point at a lab checkout (no notebooks/ folder there)");
            }
            return p;
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("notebooks")) && Files.isDirectory(q.resolve("lib"))
                    && Files.isRegularFile(q.resolve("pom.xml"))) {
                return q;
            }
        }
        throw new IllegalStateException("cannot find the lab checkout: set " + HOME_ENV
                + " or run from inside it (kernel-setup/setup.sh sets it for the kernel)");
    }

    /** The library's version, from the jar's build. */
    public static String version() {
        try (InputStream in = Lab.class.getResourceAsStream("/org/provenancelab/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The git commit of the checkout, as the runner recorded it, else read from .git. */
    public static String commit() {
        String env = System.getenv(COMMIT_ENV);
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return readGitHead(home().resolve(".git"));
        } catch (RuntimeException | IOException e) {
            return "unknown";
        }
    }

    /** Whether the checkout had uncommitted changes to tracked files when the runner started. */
    public enum TreeState {
        CLEAN("working tree clean"),
        DIRTY("working tree DIRTY: uncommitted changes to tracked files, so these numbers may not come from the commit alone"),
        UNKNOWN("working tree state not recorded (run through kernel-setup/run-notebooks.sh to record it)");

        private final String description;

        TreeState(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** The commit SHA alone (without the runner's "-dirty" mark). */
    public static String commitSha() {
        return stripDirty(commit());
    }

    /** Clean or dirty, as the runner recorded it in {@value #COMMIT_ENV}; unknown without the runner. */
    public static TreeState treeState() {
        String env = System.getenv(COMMIT_ENV);
        return treeState(env == null || env.isBlank() ? null : env.trim());
    }

    /** Reads the state from the runner's record: a 40-hex SHA, with "-dirty" appended if the tree had changes. */
    static TreeState treeState(String recorded) {
        if (recorded == null) {
            return TreeState.UNKNOWN;
        }
        String sha = stripDirty(recorded);
        if (!sha.matches("[0-9a-f]{40}")) {
            return TreeState.UNKNOWN;
        }
        return recorded.endsWith("-dirty") ? TreeState.DIRTY : TreeState.CLEAN;
    }

    static String stripDirty(String commit) {
        return commit.endsWith("-dirty") ? commit.substring(0, commit.length() - "-dirty".length()) : commit;
    }

    static String readGitHead(Path git) throws IOException {
        if (!Files.isDirectory(git)) {
            return "unknown";
        }
        String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref: ")) {
            return head;
        }
        String ref = head.substring(5).trim();
        Path loose = git.resolve(ref);
        if (Files.isRegularFile(loose)) {
            return Files.readString(loose, StandardCharsets.UTF_8).trim();
        }
        Path packed = git.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref)) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
        }
        return "unknown";
    }
}
