package org.provenancelab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabTest {

    @Test
    void readsTheCommitFromALooseRef(@TempDir Path git) throws Exception {
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(git.resolve("refs/heads"));
        Files.writeString(git.resolve("refs/heads/main"), "0123456789abcdef0123456789abcdef01234567\n");
        assertEquals("0123456789abcdef0123456789abcdef01234567", Lab.readGitHead(git));
    }

    @Test
    void readsTheCommitFromPackedRefsAndADetachedHead(@TempDir Path git) throws Exception {
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("packed-refs"), "# pack-refs with: peeled\n"
                + "1111111111111111111111111111111111111111 refs/heads/other\n"
                + "2222222222222222222222222222222222222222 refs/heads/main\n");
        assertEquals("2222222222222222222222222222222222222222", Lab.readGitHead(git));
        Files.writeString(git.resolve("HEAD"), "3333333333333333333333333333333333333333\n");
        assertEquals("3333333333333333333333333333333333333333", Lab.readGitHead(git));
    }

    @Test
    void noGitFolderMeansUnknown(@TempDir Path dir) throws Exception {
        assertEquals("unknown", Lab.readGitHead(dir.resolve(".git")));
    }

    @Test
    void versionComesFromTheBuild() {
        assertTrue(Lab.version().matches("\\d+\\.\\d+\\.\\d+.*"), Lab.version());
    }
}
