package org.provenancelab.kernel;

import java.util.List;

/**
 * A cell that failed. The Jupyter error's name is this class's simple name (the protocol
 * base takes it from the exception class), its value {@link #getMessage()}, and its
 * traceback {@link #lines()}: lines that name the cell's own line numbers.
 */
abstract class CellError extends Exception {
    private final List<String> lines;

    CellError(String message, List<String> lines) {
        super(message, null, false, false);
        this.lines = List.copyOf(lines);
    }

    List<String> lines() {
        return lines;
    }

    /** Code that did not compile: each diagnostic with its cell line, the line and a caret. */
    static final class CompilationError extends CellError {
        CompilationError(String message, List<String> lines) {
            super(message, lines);
        }
    }

    /** An exception thrown by the cell's code, with frames mapped to cell lines. */
    static final class UncaughtException extends CellError {
        UncaughtException(String message, List<String> lines) {
            super(message, lines);
        }
    }

    /** The user interrupted the cell. */
    static final class Interrupted extends CellError {
        Interrupted(String message) {
            super(message, List.of(message));
        }
    }

    /** The evaluator could not start (classpath or start-up script). */
    static final class KernelStartupError extends CellError {
        KernelStartupError(String message, List<String> lines) {
            super(message, lines);
        }
    }
}
