package org.provenancelab.kernel;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Java cells evaluated by JShell. Execution is local (in this JVM) so that objects cells
 * create, and lib's display calls, reach the kernel directly (see {@link Bridge}); an
 * interrupt asks JShell to stop the running snippet.
 */
final class LabKernel extends BaseKernel {
    private final Settings settings;
    private final CompletableFuture<JShell> evaluator = new CompletableFuture<>();
    /** Snippet id -> where it came from (execution count, first line in its cell). */
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    private final LanguageInfo languageInfo = new LanguageInfo("java", Integer.toString(Runtime.version().feature()),
            "text/x-java-source", ".jshell", "java", "java", "script");
    private volatile boolean interruptRequested;

    /** The imports the jshell tool starts with, so cells read like jshell sessions. */
    static final String DEFAULT_IMPORTS = String.join("\n",
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.prefs.*;", "import java.util.regex.*;", "import java.util.stream.*;");

    private record Place(int cell, int line) {}

    LabKernel(Settings settings) {
        this.settings = settings;
    }

    /** Builds JShell, adds the classpath and runs the start-up script, on its own thread. */
    void startEvaluator() {
        Thread t = new Thread(() -> {
            try {
                evaluator.complete(buildEvaluator());
            } catch (Throwable e) {
                evaluator.completeExceptionally(e);
            }
        }, "lab-evaluator-start");
        t.setDaemon(true);
        t.start();
    }

    private JShell buildEvaluator() throws IOException, CellError {
        JShell shell = JShell.builder()
                .executionEngine(CellExecution.provider(), Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        for (String entry : settings.classpath()) {
            shell.addToClasspath(entry);
        }
        run(shell, DEFAULT_IMPORTS, 0);
        if (settings.startup() != null) {
            String script = Files.readString(settings.startup(), StandardCharsets.UTF_8);
            run(shell, script, 0);
        }
        // Compiles and runs one snippet now, so the first cell does not pay for it.
        shell.eval("int $labWarmUp = 0;");
        return shell;
    }

    private JShell evaluator() throws CellError {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellError.Interrupted("interrupted while the kernel was starting");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CellError ce) {
                throw new CellError.KernelStartupError("the kernel's start-up script failed: " + ce.getMessage(), ce.lines());
            }
            throw new CellError.KernelStartupError("the kernel's evaluator did not start: " + cause,
                    List.of("the kernel's evaluator did not start: " + cause,
                            "check " + Settings.CLASSPATH_ENV + " and " + Settings.STARTUP_ENV + " in the kernelspec"));
        }
    }

    @Override
    public DisplayData eval(String code) throws Exception {
        JShell shell = evaluator();
        interruptRequested = false;
        // The protocol base has already taken this cell's number.
        String value = run(shell, code, executionCount.get() - 1);
        System.out.flush();
        System.err.flush();
        return value == null ? null : new DisplayData(value);
    }

    /** Evaluates a cell snippet by snippet; returns the value of a trailing expression. */
    private String run(JShell shell, String cell, int cellNumber) throws CellError {
        String value = null;
        for (Piece piece : Piece.split(shell.sourceCodeAnalysis(), cell)) {
            if (interruptRequested) {
                throw interrupted(cell, piece);
            }
            int firstLine = Piece.lineAt(cell, piece.start());
            value = null;
            for (SnippetEvent event : shell.eval(piece.source())) {
                if (event.causeSnippet() != null) {
                    continue; // a dependent snippet re-checked, not this one
                }
                Snippet snippet = event.snippet();
                places.put(snippet.id(), new Place(cellNumber, firstLine));
                if (event.status() == Snippet.Status.REJECTED) {
                    throw compilationError(shell, snippet, cell, piece);
                }
                JShellException thrown = event.exception();
                if (interruptRequested) {
                    throw interrupted(cell, piece);
                }
                if (thrown != null) {
                    throw uncaught(thrown, cellNumber);
                }
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    throw unresolved(shell, snippet, cell, piece);
                }
                if (event.value() != null && showsValue(snippet)) {
                    value = event.value();
                }
            }
        }
        return value;
    }

    private static boolean showsValue(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CellError interrupted(String cell, Piece piece) {
        return new CellError.Interrupted("interrupted at cell line " + Piece.lineAt(cell, piece.start()));
    }

    private CellError compilationError(JShell shell, Snippet snippet, String cell, Piece piece) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) {
                continue;
            }
            long pos = d.getPosition() >= 0 ? d.getPosition() : d.getStartPosition();
            int at = (int) Math.min(cell.length(), piece.start() + Math.max(0, pos));
            String message = d.getMessage(null);
            String where = "cell line " + Piece.lineAt(cell, at);
            if (first == null) {
                first = where + ": " + message;
            }
            lines.add(where + ": error: " + message);
            lines.addAll(pointAt(cell, at));
        }
        if (first == null) {
            first = "this code cannot be evaluated: " + snippet.source().strip();
            lines.add(first);
        }
        return new CellError.CompilationError(first, lines);
    }

    private CellError unresolved(JShell shell, Snippet snippet, String cell, Piece piece) {
        List<String> missing = snippet instanceof jdk.jshell.DeclarationSnippet decl
                ? shell.unresolvedDependencies(decl).toList() : List.of();
        String where = "cell line " + Piece.lineAt(cell, piece.start());
        String message = where + ": cannot find " + (missing.isEmpty() ? "a referenced name" : String.join(", ", missing));
        List<String> lines = new ArrayList<>();
        lines.add(message);
        lines.addAll(pointAt(cell, piece.start()));
        return new CellError.CompilationError(message, lines);
    }

    /** The source line holding {@code at} and a caret under its column. */
    private static List<String> pointAt(String cell, int at) {
        int lineStart = cell.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        if (at > 0 && at <= cell.length() && cell.charAt(at - 1) == '\n') {
            lineStart = at;
        }
        int lineEnd = cell.indexOf('\n', lineStart);
        String text = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
        return List.of("    " + text, "    " + " ".repeat(Math.max(0, at - lineStart)) + "^");
    }

    private CellError uncaught(JShellException thrown, int cellNumber) {
        List<String> lines = new ArrayList<>();
        String headline = describe(thrown);
        String firstWhere = null;
        Throwable t = thrown;
        boolean cause = false;
        while (t != null) {
            lines.add((cause ? "Caused by: " : "") + describe(t));
            for (StackTraceElement el : t.getStackTrace()) {
                String cls = el.getClassName();
                if (cls.startsWith("jdk.jshell.") || cls.startsWith("jdk.internal.reflect.")
                        || cls.startsWith("java.lang.reflect.")) {
                    break; // JShell's own machinery below the cell
                }
                String file = el.getFileName();
                Place place = file != null && file.startsWith("#") ? places.get(file.substring(1)) : null;
                if (place != null) {
                    int line = place.line() + Math.max(1, el.getLineNumber()) - 1;
                    String where = (place.cell() == cellNumber ? "this cell" : "cell [" + place.cell() + "]")
                            + ", line " + line;
                    if (firstWhere == null) {
                        firstWhere = where;
                    }
                    String method = el.getMethodName();
                    lines.add("    at " + (method.isEmpty() || method.startsWith("do_it$") ? where : method + " (" + where + ")"));
                } else {
                    lines.add("    at " + el);
                }
            }
            t = t.getCause();
            cause = true;
        }
        String message = headline + (firstWhere == null ? "" : " (" + firstWhere + ")");
        return new CellError.UncaughtException(message, lines);
    }

    private static String describe(Throwable t) {
        if (t instanceof EvalException e) {
            String name = e.getExceptionClassName();
            return name + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (t instanceof UnresolvedReferenceException u) {
            return "unresolved reference in " + u.getSnippet().source().strip();
        }
        return t.toString();
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CellError ce) {
            return ce.lines();
        }
        return super.formatError(e);
    }

    @Override
    public ReplacementOptions complete(String code, int at) throws Exception {
        JShell shell = evaluator.getNow(null);
        if (shell == null) {
            return null;
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Piece piece = pieceAt(analysis, code, at);
        if (piece == null) {
            return null;
        }
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(piece.source(), at - piece.start(), anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> rest = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            (s.matchesType() ? typed : rest).add(s.continuation());
        }
        typed.addAll(rest);
        return new ReplacementOptions(new ArrayList<>(typed), piece.start() + anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) throws Exception {
        JShell shell = evaluator.getNow(null);
        if (shell == null) {
            return null;
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Piece piece = pieceAt(analysis, code, at);
        if (piece == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : analysis.documentation(piece.source(), at - piece.start(), extraDetail)) {
            b.append(d.signature()).append('\n');
            if (extraDetail && d.javadoc() != null) {
                b.append(d.javadoc()).append('\n');
            }
        }
        return b.length() == 0 ? null : new DisplayData(b.toString());
    }

    /** The snippet the cursor is in (the cursor may sit right after its last character). */
    private static Piece pieceAt(SourceCodeAnalysis analysis, String code, int at) {
        if (at < 0 || at > code.length()) {
            return null;
        }
        Piece last = null;
        for (Piece p : Piece.split(analysis, code)) {
            if (p.start() > at) {
                break;
            }
            last = p;
        }
        if (last == null) {
            return new Piece(code, 0, false);
        }
        if (at - last.start() > last.source().length()) {
            return null;
        }
        return last;
    }

    @Override
    public String isComplete(String code) {
        JShell shell = evaluator.getNow(null);
        if (shell == null) {
            return IS_COMPLETE_MAYBE;
        }
        List<Piece> pieces = Piece.split(shell.sourceCodeAnalysis(), code);
        if (pieces.isEmpty() || pieces.get(pieces.size() - 1).complete()) {
            return IS_COMPLETE_YES;
        }
        SourceCodeAnalysis.Completeness c = shell.sourceCodeAnalysis()
                .analyzeCompletion(pieces.get(pieces.size() - 1).source()).completeness();
        return c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE ? "    " : IS_COMPLETE_BAD;
    }

    @Override
    public void interrupt() {
        interruptRequested = true;
        JShell shell = evaluator.getNow(null);
        if (shell != null) {
            shell.stop();
        }
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " (JShell) - Provenance Lab";
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        close();
    }

    void close() {
        JShell shell = evaluator.getNow(null);
        if (shell != null) {
            shell.close();
        }
    }
}
