package org.provenancelab.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.provenancelab.model.FileEntry;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Sources;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The small text files of model repos (code, configs, templates, model card, licence) compared as
 * text (experiment 0c): which files each repo has, which are byte-identical, how similar the
 * same-named ones are line by line, and the lines that look like copyright or licence notices.
 * Code is read as text and never executed.
 */
public final class RepoTexts {
    /** Files this small and of these kinds are compared; tokenizer.json and the weight index are data, not text to read. */
    public static final long MAX_BYTES = 1 << 20;
    private static final Pattern TEXT = Pattern.compile("(?i).*(\\.py|\\.json|\\.md|\\.txt|\\.jinja|\\.model|LICENSE|NOTICE)$");
    private static final Pattern NOTICE = Pattern.compile("(?i).*(copyright|licensed under|license|\\(c\\)).*");

    private RepoTexts() {}

    /** The repo's small text files, path to size. */
    public static Map<String, Long> textFiles(ModelSource m) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (FileEntry f : m.files()) {
            String p = f.path();
            if (TEXT.matcher(p).matches() && f.size() >= 0 && f.size() <= MAX_BYTES && !p.equals("tokenizer.json")
                    && !p.endsWith(".safetensors.index.json") && !f.isLfs()) {
                out.put(p, f.size());
            }
        }
        return out;
    }

    /** One row per small text file of either repo: sizes, identical or not, line similarity, with both sources. */
    public static Table compare(ModelSource a, ModelSource b) throws IOException {
        Map<String, Long> fa = textFiles(a), fb = textFiles(b);
        java.util.Set<String> all = new java.util.TreeSet<>(fa.keySet());
        all.addAll(fb.keySet());
        Table t = Table.create("Small text files of " + a.id() + " (A) and " + b.id() + " (B)", StringColumn.create("file"),
                StringColumn.create("bytes in A"), StringColumn.create("bytes in B"), StringColumn.create("identical?"),
                DoubleColumn.create("line similarity"), StringColumn.create("source"));
        String src = Sources.of(a.source(), b.source()).label();
        for (String p : all) {
            t.stringColumn(0).append(p);
            t.stringColumn(1).append(fa.containsKey(p) ? String.format(Locale.ROOT, "%,d", fa.get(p)) : "—");
            t.stringColumn(2).append(fb.containsKey(p) ? String.format(Locale.ROOT, "%,d", fb.get(p)) : "—");
            if (fa.containsKey(p) && fb.containsKey(p)) {
                String x = a.text(p), y = b.text(p);
                TextDiff d = TextDiff.lines(x, y);
                t.stringColumn(3).append(x.equals(y) ? "yes" : "no");
                t.doubleColumn(4).append(Math.round(d.similarity() * 1000) / 1000.0);
            } else {
                t.stringColumn(3).append("only in " + (fa.containsKey(p) ? "A" : "B"));
                t.doubleColumn(4).appendMissing();
            }
            t.stringColumn(5).append(src);
        }
        return t;
    }

    /** Lines that mention copyright or a licence, in the repo's small text files other than the licence itself. */
    public static Table notices(ModelSource m) throws IOException {
        Table t = Table.create("Copyright and licence lines in the text files of " + m.id(), StringColumn.create("file"),
                IntColumn.create("line"), StringColumn.create("text"), StringColumn.create("source"));
        for (String p : textFiles(m).keySet()) {
            if (p.equals("LICENSE") || p.endsWith(".json")) {
                continue;
            }
            List<String> lines = List.of(new String(m.text(p).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).split("\r?\n"));
            for (int i = 0; i < lines.size(); i++) {
                if (NOTICE.matcher(lines.get(i)).matches()) {
                    t.stringColumn(0).append(p);
                    t.intColumn(1).append(i + 1);
                    t.stringColumn(2).append(lines.get(i).strip());
                    t.stringColumn(3).append(m.source().label());
                }
            }
        }
        return t;
    }

    /** Lines of the repo's code files that match a pattern (e.g. how layers past the main stack are handled). */
    public static Table grep(ModelSource m, String regex) throws IOException {
        Pattern p = Pattern.compile(regex);
        Table t = Table.create("Lines of " + m.id() + "'s code matching /" + regex + "/", StringColumn.create("file"), IntColumn.create("line"),
                StringColumn.create("text"), StringColumn.create("source"));
        for (String f : textFiles(m).keySet()) {
            if (!f.endsWith(".py")) {
                continue;
            }
            String[] lines = m.text(f).split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (p.matcher(lines[i]).find()) {
                    t.stringColumn(0).append(f);
                    t.intColumn(1).append(i + 1);
                    t.stringColumn(2).append(lines[i].strip());
                    t.stringColumn(3).append(m.source().label());
                }
            }
        }
        return t;
    }

    /**
     * The unified diffs of the small text files a commit changed ({@code before}: the parent,
     * {@code after}: the commit), as one HTML block; binary and large files are listed, not diffed.
     */
    public static String commitDiffsHtml(ModelSource before, ModelSource after, List<org.provenancelab.hub.FileChange> changes, int maxLines)
            throws IOException {
        StringBuilder h = new StringBuilder();
        java.util.Set<String> texts = new java.util.HashSet<>(textFiles(before).keySet());
        texts.addAll(textFiles(after).keySet());
        for (var c : changes) {
            if (!texts.contains(c.path())) {
                h.append("<p>").append(org.provenancelab.view.HtmlText.escape(c.path())).append(": ")
                        .append(c.kind().name().toLowerCase(Locale.ROOT)).append(" (not a small text file: not diffed)</p>");
                continue;
            }
            h.append("<pre style=\"font-size:85%;white-space:pre-wrap\">")
                    .append(org.provenancelab.view.HtmlText.escape(unified(before, after, c.path(), maxLines))).append("</pre>");
        }
        return h.toString();
    }

    /** A unified diff of one file between two models (or two commits of one), at most {@code maxLines} lines shown. */
    public static String unified(ModelSource before, ModelSource after, String path, int maxLines) throws IOException {
        String x = before.files().stream().anyMatch(f -> f.path().equals(path)) ? before.text(path) : "";
        String y = after.files().stream().anyMatch(f -> f.path().equals(path)) ? after.text(path) : "";
        String u = TextDiff.lines(x, y).unified(path + " @ " + before.source().label(), path + " @ " + after.source().label(), 2);
        String[] lines = u.split("\n");
        if (lines.length <= maxLines) {
            return u;
        }
        return String.join("\n", java.util.Arrays.copyOf(lines, maxLines)) + "\n… " + (lines.length - maxLines) + " more diff lines";
    }
}
