package org.provenancelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator without sockets: values, errors on the cell's lines, completion, interrupt. */
class LabKernelTest {
    @TempDir
    static Path dir;
    static LabKernel kernel;

    @BeforeAll
    static void start() throws Exception {
        Path startup = dir.resolve("startup.jsh");
        Files.writeString(startup, "import java.util.concurrent.atomic.*;\n");
        kernel = new LabKernel(new Settings(List.of(), startup));
        kernel.startEvaluator();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    private static String text(DisplayData d) {
        return d == null ? null : (String) d.getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void aCellOfSeveralSnippetsKeepsStateAndShowsItsLastExpression() throws Exception {
        assertNull(kernel.eval("int a = 40;\nint b = 2;"));
        assertEquals("42", text(kernel.eval("a + b")));
        assertEquals("\"x\"", text(kernel.eval("String s = \"x\";\ns")));
        assertNull(kernel.eval("void hello() {}\nhello();"), "a void call shows nothing");
    }

    @Test
    void theStartUpScriptsImportsAreThereInTheFirstCell() throws Exception {
        assertEquals("1", text(kernel.eval("new AtomicInteger(1).get()")));
    }

    @Test
    void aCompileErrorNamesTheCellLineAndPointsAtIt() {
        CellError e = assertThrows(CellError.CompilationError.class,
                () -> kernel.eval("int ok = 1;\n\n  String x = 3;"));
        assertTrue(e.getMessage().startsWith("cell line 3:"), e.getMessage());
        String all = String.join("\n", e.lines());
        assertTrue(all.contains("    " + "  String x = 3;"), all);
        assertTrue(all.contains("^"), all);
    }

    @Test
    void anExceptionNamesItsClassMessageAndCellLine() {
        CellError e = assertThrows(CellError.UncaughtException.class, () -> kernel.eval(
                "int fine = 1;\nif (fine == 1)\n  throw new IllegalStateException(\"deliberate\");"));
        assertTrue(e.getMessage().startsWith("java.lang.IllegalStateException: deliberate"), e.getMessage());
        assertTrue(e.getMessage().contains("this cell, line 3"), e.getMessage());
    }

    @Test
    void anExceptionInAMethodFromAnEarlierCellNamesBothPlaces() throws Exception {
        kernel.eval("// a comment first\nint boom(int x) {\n  return 10 / x;\n}");
        CellError e = assertThrows(CellError.UncaughtException.class, () -> kernel.eval("int y = 0;\nboom(y);"));
        String all = String.join("\n", e.lines());
        assertTrue(all.contains("java.lang.ArithmeticException"), all);
        assertTrue(all.contains("at boom ("), all);
        assertTrue(all.contains(", line 3)"), all);
        assertTrue(all.contains("    at this cell, line 2"), all);
    }

    @Test
    void completionSuggestsMembersAtTheCursor() throws Exception {
        kernel.eval("String word = \"abc\";");
        String code = "int n = 1;\nword.toUpp";
        ReplacementOptions o = kernel.complete(code, code.length());
        assertTrue(o.getReplacements().contains("toUpperCase("), o.getReplacements().toString());
        assertEquals(code.length() - "toUpp".length(), o.getSourceStart());
        assertEquals(code.length(), o.getSourceEnd());
    }

    @Test
    void anInterruptStopsARunningCellAndTheKernelCarriesOn() throws Exception {
        kernel.eval("int warm = 0;");
        CompletableFuture<Exception> result = CompletableFuture.supplyAsync(() -> {
            try {
                kernel.eval("long spins = 0;\nwhile (true) { spins++; }");
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(1500);
        kernel.interrupt();
        Exception e = result.get(30, TimeUnit.SECONDS);
        assertTrue(e instanceof CellError.Interrupted, String.valueOf(e));
        assertEquals("3", text(kernel.eval("1 + 2")));
    }

    @Test
    void aCellThatStartsAServiceReturns() throws Exception {
        // JDK 17's local execution waits for every thread of its group alive just after it starts
        // a cell; a thread the cell starts at once (the local hub's acceptor) can be among them
        // on a loaded machine, and then the cell never returns. Many tries make the race likely.
        for (int i = 0; i < 40; i++) {
            CompletableFuture<String> cell = CompletableFuture.supplyAsync(() -> {
                try {
                    return text(kernel.eval("{ var t = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });"
                            + " t.setDaemon(true); t.start(); }\n7"));
                } catch (Exception e) {
                    return e.toString();
                }
            });
            assertEquals("7", cell.get(30, TimeUnit.SECONDS), "cell " + i);
        }
        assertEquals("5", text(kernel.eval("2 + 3")));
    }
}
