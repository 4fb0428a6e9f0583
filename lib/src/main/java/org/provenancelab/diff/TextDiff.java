package org.provenancelab.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.provenancelab.view.HtmlText;

/**
 * Line and word diffs of two texts (java-diff-utils, Myers' algorithm): unified diffs of files,
 * word counts of what was added and removed, and a word diff marked up for reading. Texts are
 * data here: code is compared, never run.
 */
public final class TextDiff {
    private final List<String> a;
    private final List<String> b;
    private final Patch<String> patch;

    private TextDiff(List<String> a, List<String> b) {
        this.a = a;
        this.b = b;
        this.patch = DiffUtils.diff(a, b);
    }

    /** A diff of lines. */
    public static TextDiff lines(String a, String b) {
        return new TextDiff(splitLines(a), splitLines(b));
    }

    /** A diff of words (whitespace-separated; whitespace differences do not count). */
    public static TextDiff words(String a, String b) {
        return new TextDiff(words(a), words(b));
    }

    static List<String> splitLines(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\r?\n", -1));
    }

    public static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    /** Units (lines or words) of the second text not in the first. */
    public int added() {
        return patch.getDeltas().stream().mapToInt(d -> d.getType() == DeltaType.DELETE ? 0 : d.getTarget().size()).sum();
    }

    /** Units of the first text not in the second. */
    public int removed() {
        return patch.getDeltas().stream().mapToInt(d -> d.getType() == DeltaType.INSERT ? 0 : d.getSource().size()).sum();
    }

    /** Units the two texts share, in order. */
    public int unchanged() {
        return a.size() - removed();
    }

    /** 2 × shared / (units of both): 1 for equal texts, 0 for texts with nothing in common. */
    public double similarity() {
        int n = a.size() + b.size();
        return n == 0 ? 1.0 : 2.0 * unchanged() / n;
    }

    public boolean identical() {
        return patch.getDeltas().isEmpty();
    }

    /** Places where the texts differ. */
    public int hunks() {
        return patch.getDeltas().size();
    }

    /** The unified diff ({@code diff -u}), with {@code context} lines around each change. */
    public String unified(String nameA, String nameB, int context) {
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(nameA, nameB, a, patch, context));
    }

    /** The changed units only, as "- removed" and "+ added" lines, in order. */
    public List<String> changes() {
        List<String> out = new ArrayList<>();
        for (AbstractDelta<String> d : patch.getDeltas()) {
            if (!d.getSource().getLines().isEmpty()) {
                out.add("- " + String.join(" ", d.getSource().getLines()));
            }
            if (!d.getTarget().getLines().isEmpty()) {
                out.add("+ " + String.join(" ", d.getTarget().getLines()));
            }
        }
        return out;
    }

    /**
     * The second text as HTML with removed words struck through (red) and added words
     * underlined (green); runs of more than {@code keep} unchanged words are shortened to an
     * ellipsis around the changes.
     */
    public String markedHtml(int keep) {
        StringBuilder h = new StringBuilder();
        int pos = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            same(h, a.subList(pos, d.getSource().getPosition()), keep, pos == 0, false);
            if (!d.getSource().getLines().isEmpty()) {
                h.append("<del style=\"color:#b00\">").append(HtmlText.escape(String.join(" ", d.getSource().getLines()))).append("</del> ");
            }
            if (!d.getTarget().getLines().isEmpty()) {
                h.append("<ins style=\"color:#070\">").append(HtmlText.escape(String.join(" ", d.getTarget().getLines()))).append("</ins> ");
            }
            pos = d.getSource().getPosition() + d.getSource().size();
        }
        same(h, a.subList(pos, a.size()), keep, pos == 0, true);
        return h.toString().strip();
    }

    /** Unchanged words: all of them if few, else the {@code keep} next to each change and a count of the rest. */
    private static void same(StringBuilder h, List<String> run, int keep, boolean atStart, boolean atEnd) {
        int head = atStart ? 0 : keep, tail = atEnd ? 0 : keep;
        if (keep < 0 || run.size() <= head + tail + 3) {
            if (!run.isEmpty()) {
                h.append(HtmlText.escape(String.join(" ", run))).append(' ');
            }
            return;
        }
        if (head > 0) {
            h.append(HtmlText.escape(String.join(" ", run.subList(0, head)))).append(' ');
        }
        h.append("<span style=\"color:#888\">[… ").append(String.format(Locale.ROOT, "%,d", run.size() - head - tail))
                .append(" words unchanged …]</span> ");
        if (tail > 0) {
            h.append(HtmlText.escape(String.join(" ", run.subList(run.size() - tail, run.size())))).append(' ');
        }
    }
}
