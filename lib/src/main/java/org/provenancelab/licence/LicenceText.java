package org.provenancelab.licence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.provenancelab.hub.SyntheticFiles;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;

/**
 * A licence text cut into the sections of the Apache License 2.0's structure: the title and
 * any preamble before "TERMS AND CONDITIONS", the numbered sections ("1. Definitions." ...,
 * also written "1\. Definitions." or "## 1. Definitions." in Markdown), the end marker, and the
 * appendix. Sections are keyed "§1" ... so that two texts align by number.
 */
public final class LicenceText {
    /** One section: key ("title", "§4", "end", "appendix"), its heading, and its text. */
    public record Section(String key, String heading, String text) {}

    private static final Pattern NUMBERED = Pattern.compile("^[#\\s*]*(\\d{1,2})\\\\?\\.\\s+\\**([^.\\n]{1,120}?)\\**\\.(?:\\s|$).*");
    private static final Pattern TERMS = Pattern.compile("^[#\\s*]*TERMS AND CONDITIONS.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern END = Pattern.compile("^[#\\s*]*END OF TERMS AND CONDITIONS.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern APPENDIX = Pattern.compile("^[#\\s*]*APPENDIX\\b.*", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final Source source;
    private final String text;
    private final Map<String, Section> sections;

    private LicenceText(String name, Source source, String text, Map<String, Section> sections) {
        this.name = name;
        this.source = source;
        this.text = text;
        this.sections = sections;
    }

    /** Cuts a licence text into sections; an error naming the text if it has no numbered section. */
    public static LicenceText parse(String text, String name, Source source) {
        Map<String, StringBuilder> bodies = new LinkedHashMap<>();
        Map<String, String> headings = new LinkedHashMap<>();
        String key = "title";
        headings.put(key, "title and preamble");
        bodies.put(key, new StringBuilder());
        boolean inTerms = false;
        for (String line : text.split("\r?\n", -1)) {
            Matcher m = NUMBERED.matcher(line);
            String next = null, heading = null;
            if (END.matcher(line).matches()) {
                next = "end";
                heading = "END OF TERMS AND CONDITIONS";
            } else if (APPENDIX.matcher(line).matches() && !key.equals("appendix")) {
                next = "appendix";
                heading = "APPENDIX";
            } else if (TERMS.matcher(line).matches() && !inTerms) {
                inTerms = true;
                next = "terms";
                heading = "TERMS AND CONDITIONS";
            } else if (m.matches() && !key.equals("appendix") && !bodies.containsKey("§" + Integer.parseInt(m.group(1)))) {
                next = "§" + Integer.parseInt(m.group(1));
                heading = m.group(2).strip();
            }
            if (next != null) {
                key = next;
                headings.put(key, heading);
                bodies.put(key, new StringBuilder());
            }
            bodies.get(key).append(line).append('\n');
        }
        if (bodies.keySet().stream().noneMatch(k -> k.startsWith("§"))) {
            throw new IllegalArgumentException(name + ": no numbered section (\"1. ...\") found: not a licence of the Apache form");
        }
        Map<String, Section> out = new LinkedHashMap<>();
        bodies.forEach((k, v) -> out.put(k, new Section(k, headings.get(k), v.toString())));
        return new LicenceText(name, source, text, out);
    }

    /** The Apache License 2.0 as shipped with the library (Debian's copy; see Apache-2.0.SOURCE.md). */
    public static LicenceText apache2() {
        return parse(SyntheticFiles.apacheText(), "Apache License 2.0",
                Provenance.record(Source.reference("Apache License 2.0 text (Debian)",
                        "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30")));
    }

    public String name() {
        return name;
    }

    public Source source() {
        return source;
    }

    public String text() {
        return text;
    }

    /** The sections in the order of the text. */
    public List<Section> sections() {
        return new ArrayList<>(sections.values());
    }

    public Section section(String key) {
        return sections.get(key);
    }

    /** The first non-empty line of the text (its title, usually). */
    public String firstLine() {
        for (String l : text.split("\r?\n")) {
            if (!l.isBlank()) {
                return l.strip();
            }
        }
        return "";
    }
}
