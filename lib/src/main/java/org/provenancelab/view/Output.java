package org.provenancelab.view;

import java.util.Objects;

/**
 * One piece of rich output: a MIME type, its content, and a plain-text rendering for
 * places that cannot show the rich form (a terminal, a log).
 */
public record Output(String mime, String content, String plain) {
    public Output {
        Objects.requireNonNull(mime, "mime");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(plain, "plain");
    }

    public static Output html(String html, String plain) {
        return new Output("text/html", html, plain);
    }

    public static Output markdown(String markdown) {
        return new Output("text/markdown", markdown, markdown);
    }
}
