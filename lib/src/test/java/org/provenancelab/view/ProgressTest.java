package org.provenancelab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void richProgressUpdatesOneOutputInPlaceAndEndsAtHundredPercent() {
        RecordingSink sink = new RecordingSink(true);
        try (Progress p = new Progress(sink, "bytes", 1000, "B")) {
            for (int i = 0; i < 10; i++) {
                p.advance(100);
            }
        }
        assertEquals(1, sink.shown.size(), "one output, updated in place");
        assertEquals(new HashSet<>(sink.updatedIds), java.util.Set.of("id1"));
        Output last = sink.updates.get(sink.updates.size() - 1);
        assertTrue(last.content().contains("value=\"100\""), last.content());
        assertTrue(last.plain().contains("100% (1,000 / 1,000 B)"), last.plain());
        assertTrue(!last.plain().matches(".*\\d+\\.\\ds.*"), "a finished bar shows no wall time: " + last.plain());
        // Throttled: ten quick advances do not cause ten redraws.
        assertTrue(sink.updates.size() <= 3, "updates: " + sink.updates.size());
    }

    @Test
    void plainProgressPrintsAtMostOneLinePerTenPercent() {
        RecordingSink sink = new RecordingSink(false);
        try (Progress p = new Progress(sink, "items", 1000, null)) {
            for (int i = 0; i < 1000; i++) {
                p.advance(1);
            }
        }
        assertTrue(sink.updates.size() <= 11, "lines: " + sink.updates.size());
        assertTrue(sink.updates.get(sink.updates.size() - 1).plain().startsWith("items: 100%"));
    }

    @Test
    void valuesAreClampedAndNegativeTotalsRejected() {
        RecordingSink sink = new RecordingSink(true);
        Progress p = new Progress(sink, "x", 10, "");
        p.set(50);
        assertEquals(10, p.done());
        p.set(-3);
        assertEquals(0, p.done());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Progress(sink, "bad", -1, ""));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
    }

    @Test
    void barsInsideATaskStaySilentUntilTheTaskCloses() {
        Sink before = Display.sink();
        RecordingSink sink = new RecordingSink(true);
        Display.install(sink);
        try {
            try (Progress task = Display.task("scan", 2, "tensors")) {
                try (Progress inner = Display.progress("fetching", 10, "bytes")) {
                    inner.advance(10);
                }
                task.advance(2);
            }
            assertEquals(1, sink.shown.size(), "only the task's bar is shown");
            assertTrue(sink.shown.get(0).plain().startsWith("scan"), sink.shown.get(0).plain());
            try (Progress after = Display.progress("fetching", 10, "bytes")) {
                after.advance(10);
            }
            assertEquals(2, sink.shown.size(), "after the task, bars show again");
        } finally {
            Display.install(before);
        }
    }
}
