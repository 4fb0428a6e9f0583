package org.provenancelab.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The Hub token: {@code HF_TOKEN}, else the file {@code $HF_HOME/token} (default
 * {@code ~/.cache/huggingface/token}). Its {@code toString} never shows it.
 */
public final class Token {
    private final String value;
    private final String origin;

    private Token(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    public static Token of(String value, String origin) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty token from " + origin);
        }
        return new Token(value.strip(), origin);
    }

    /** The token from the environment, if any. */
    public static Optional<Token> fromEnvironment(Map<String, String> env) {
        String direct = env.get("HF_TOKEN");
        if (direct != null && !direct.isBlank()) {
            return Optional.of(new Token(direct.strip(), "HF_TOKEN"));
        }
        String hfHome = env.get("HF_HOME");
        Path home = hfHome != null && !hfHome.isBlank() ? Path.of(hfHome)
                : Path.of(System.getProperty("user.home"), ".cache", "huggingface");
        Path file = home.resolve("token");
        if (Files.isRegularFile(file)) {
            try {
                String v = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!v.isEmpty()) {
                    return Optional.of(new Token(v, "$HF_HOME/token"));
                }
            } catch (IOException e) {
                // unreadable token file: behave as if there were none; requests then say auth is needed
            }
        }
        return Optional.empty();
    }

    /**
     * Why this token cannot be sent (a line break or another character an HTTP header cannot
     * hold), naming where it came from and never showing it; null if it is usable.
     */
    public String problem() {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "the Hub token from " + origin + " holds " + (c == '\n' || c == '\r' ? "a line break"
                        : c == ' ' || c == '\t' ? "white space" : String.format("the character U+%04X", (int) c))
                        + " at position " + (i + 1) + " of " + value.length() + "; a token is one line of printable ASCII";
            }
        }
        return null;
    }

    /** {@code text} with every occurrence of the token replaced by a placeholder. */
    String redactIn(String text) {
        return text == null ? null : text.replace(value, "<token from " + origin + ">");
    }

    /** The header value; only {@link HubClient} calls this, for requests to the endpoint's own host. */
    String bearer() {
        return "Bearer " + value;
    }

    /** Where the token came from (never the token). */
    public String origin() {
        return origin;
    }

    /** True if {@code text} contains the token (used to keep it out of outputs). */
    public boolean appearsIn(String text) {
        return text != null && text.contains(value);
    }

    @Override
    public String toString() {
        return "Token(from " + origin + ", redacted)";
    }
}
