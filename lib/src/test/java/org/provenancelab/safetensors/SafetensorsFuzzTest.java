package org.provenancelab.safetensors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.FileStore;
import org.provenancelab.model.SafetensorsModel;
import org.provenancelab.model.Span;
import org.provenancelab.provenance.Source;
import org.provenancelab.tensor.Tensor;

/**
 * Fuzzes a whole safetensors file through the path every reader takes: header length, header
 * parse, inventory, then rows, windows and whole reads of what the header lists. The only
 * acceptable failure is the lab's own checked exception; anything else (an unchecked
 * exception, an OutOfMemoryError, a wrong shape) is a finding. The corpus in
 * src/test/resources/org/provenancelab/safetensors/SafetensorsFuzzTestInputs runs as regression
 * tests in every build; {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 */
class SafetensorsFuzzTest {
    /** One file in memory, as a store. */
    record MemoryStore(byte[] bytes) implements FileStore {
        @Override
        public String repo() {
            return "fuzz/model";
        }

        @Override
        public String commit() {
            return "0".repeat(40);
        }

        @Override
        public Source source() {
            return Source.computed("fuzzed input");
        }

        @Override
        public List<FileEntry> files() {
            return List.of(new FileEntry("model.safetensors", bytes.length, "", ""));
        }

        @Override
        public byte[] file(String path, long maxBytes) throws IOException {
            throw new java.io.FileNotFoundException(path);
        }

        @Override
        public List<byte[]> read(List<Span> spans) throws IOException {
            List<byte[]> out = new ArrayList<>();
            for (Span s : spans) {
                if (!s.file().equals("model.safetensors") || s.end() > bytes.length) {
                    throw new IOException("span " + s + " outside the file of " + bytes.length + " bytes");
                }
                out.add(java.util.Arrays.copyOfRange(bytes, (int) s.start(), (int) s.end()));
            }
            return out;
        }
    }

    @FuzzTest(maxDuration = "25s")
    void headerInventoryAndReads(byte[] file) {
        SafetensorsModel m = new SafetensorsModel(new MemoryStore(file));
        try {
            for (TensorEntry e : m.inventory().tensors()) {
                if (e.end() > file.length || e.start() < 8) {
                    throw new AssertionError("a tensor lies outside the file: " + e);
                }
                long rows = Math.min(e.rows(), 2);
                Tensor r = m.readRows(e.name(), 0, rows);
                if (r.rawBytes().length != rows * e.rowBytes()) {
                    throw new AssertionError("rows of " + e + " came back with " + r.rawBytes().length + " bytes");
                }
                int count = (int) Math.min(e.numel(), 3);
                if (m.readWindow(e.name(), 0, count).numel() != count) {
                    throw new AssertionError("window of " + e);
                }
                if (e.byteSize() <= 1 << 16) {
                    m.read(e.name());
                }
            }
        } catch (IOException expected) {
            // the lab's own checked error, naming the file: fine
        }
    }
}
