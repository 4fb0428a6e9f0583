package org.provenancelab.kernel;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * One snippet of a cell, with where it starts in the cell, so that errors and completions
 * map back to the cell's own lines and columns.
 *
 * @param source what JShell evaluates (it may end with a semicolon JShell added)
 * @param start  the offset of {@code source}'s first character in the cell
 * @param complete false for a trailing piece JShell judged incomplete or could not parse
 */
record Piece(String source, int start, boolean complete) {

    /** Splits a cell into the snippets JShell would evaluate one after another. */
    static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < cell.length()) {
            String rest = cell.substring(offset);
            if (rest.isBlank()) {
                break;
            }
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            if (!c.isComplete()) {
                pieces.add(trimmed(rest, offset, false));
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0) {
                // Defensive: never loop without progress.
                pieces.add(trimmed(rest, offset, false));
                break;
            }
            pieces.add(trimmed(info.source(), offset, true));
            offset += consumed;
        }
        return pieces;
    }

    /**
     * Drops leading white space: JShell numbers the lines of a snippet's stack frames from
     * its first non-blank line, so a piece must start there for frames to map to the cell.
     */
    private static Piece trimmed(String source, int offset, boolean complete) {
        int lead = 0;
        while (lead < source.length() && Character.isWhitespace(source.charAt(lead))) {
            lead++;
        }
        return new Piece(source.substring(lead), offset + lead, complete);
    }

    /** The 1-based line of the cell that holds the given offset. */
    static int lineAt(String cell, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, cell.length()); i++) {
            if (cell.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
