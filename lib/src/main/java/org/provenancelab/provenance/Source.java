package org.provenancelab.provenance;

import java.util.Objects;

/**
 * Where a number comes from. Every number a notebook shows carries one of these labels:
 * {@code live <repo>@<sha7>} (the real Hub, or a cache filled from it), {@code local <repo>@<sha7>}
 * (the lab's local hub: a test of the path, never evidence about the real models),
 * {@code zoo <model>}, {@code toy <family>/<member>@<seed>} (models the lab trained itself),
 * {@code published <side>@<commit7>}, {@code reference <text>, sha256 <7>} (a reference text shipped
 * with the lab, such as a licence, identified by its file's hash) or {@code computed (<what>)}
 * (arithmetic with no data).
 *
 * @param kind     how the number was obtained
 * @param subject  repo id, zoo model name, toy family/member, disputing side, or what was computed
 * @param revision full commit SHA (live, local, published), artifact coordinates (zoo), seed (toy);
 *                 empty for computed
 */
public record Source(Kind kind, String subject, String revision) implements Comparable<Source> {
    public enum Kind { LIVE, LOCAL, ZOO, TOY, PUBLISHED, REFERENCE, COMPUTED }

    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        revision = revision == null ? "" : revision;
        if (subject.isBlank()) {
            throw new IllegalArgumentException("a source needs a subject (repo, model or side)");
        }
        if ((kind == Kind.LIVE || kind == Kind.LOCAL || kind == Kind.PUBLISHED) && revision.isBlank()) {
            throw new IllegalArgumentException(kind + " source '" + subject + "' needs a commit SHA");
        }
        if (kind == Kind.REFERENCE && !revision.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("reference source '" + subject + "' needs its file's SHA-256 (64 lowercase hex digits)");
        }
        if (kind == Kind.TOY && revision.isBlank()) {
            throw new IllegalArgumentException("toy source '" + subject + "' needs its seed");
        }
    }

    /** Measured now from weights at a pinned commit. */
    public static Source live(String repo, String commitSha) {
        return new Source(Kind.LIVE, repo, commitSha);
    }

    /** Read from the lab's local hub (synthetic layouts, zoo or toy models served as repos). */
    public static Source local(String repo, String commitSha) {
        return new Source(Kind.LOCAL, repo, commitSha);
    }

    /** Measured on a model the lab trained itself: {@code family/member}, trained from {@code seed}. */
    public static Source toy(String family, String member, long seed) {
        return new Source(Kind.TOY, family + "/" + member, Long.toString(seed));
    }

    /** Arithmetic with no data, e.g. a combinatorial bound; {@code what} says what was computed. */
    public static Source computed(String what) {
        return new Source(Kind.COMPUTED, what, "");
    }

    /** Measured on the offline zoo; {@code coordinates} are the Maven coordinates of the model's jar. */
    public static Source zoo(String model, String coordinates) {
        return new Source(Kind.ZOO, model, coordinates);
    }

    /**
     * Measured on the offline zoo, with the SHA-256 of the jar the weights were read from, so that
     * a reader can check the jar against the one Maven Central serves at those coordinates.
     */
    public static Source zoo(String model, String coordinates, String jarSha256) {
        if (jarSha256 == null || !jarSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("zoo source '" + model + "': the jar's SHA-256 must be 64 lowercase hex digits, got '"
                    + jarSha256 + "'");
        }
        return new Source(Kind.ZOO, model, coordinates + ", jar sha256 " + jarSha256);
    }

    /** Copied from a disputing side's published outputs at a commit of its repository. */
    public static Source published(String side, String commitSha) {
        return new Source(Kind.PUBLISHED, side, commitSha);
    }

    /** A reference text the lab ships (not a disputing side's output), identified by its file's SHA-256. */
    public static Source reference(String what, String sha256) {
        return new Source(Kind.REFERENCE, what, sha256);
    }

    /** The short label shown beside numbers. */
    public String label() {
        return switch (kind) {
            case LIVE -> "live " + subject + "@" + shortSha(revision);
            case LOCAL -> "local " + subject + "@" + shortSha(revision);
            case ZOO -> "zoo " + subject;
            case TOY -> "toy " + subject + "@" + revision;
            case PUBLISHED -> "published " + subject + "@" + shortSha(revision);
            case REFERENCE -> "reference " + subject + ", sha256 " + shortSha(revision);
            case COMPUTED -> "computed (" + subject + ")";
        };
    }

    /** The full form for the provenance footer. */
    public String fullLabel() {
        return switch (kind) {
            case LIVE -> "live " + subject + " at commit " + revision;
            case LOCAL -> "local " + subject + " at commit " + revision + " (the lab's local hub)";
            case ZOO -> "zoo " + subject + (revision.isEmpty() ? "" : " (" + revision + ")");
            case TOY -> "toy " + subject + " trained from seed " + revision;
            case PUBLISHED -> "published " + subject + " at commit " + revision;
            case REFERENCE -> "reference " + subject + ", file sha256 " + revision;
            case COMPUTED -> "computed (" + subject + ")";
        };
    }

    /**
     * A copy of {@code table} with a {@code source} column holding this label on every row, so
     * that tables made by the library (manifests, inventories, counts) carry their source too.
     */
    public tech.tablesaw.api.Table withSourceColumn(tech.tablesaw.api.Table table) {
        return Sources.of(this).withSourceColumn(table);
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    @Override
    public int compareTo(Source o) {
        int c = kind.compareTo(o.kind);
        if (c == 0) {
            c = subject.compareTo(o.subject);
        }
        return c != 0 ? c : revision.compareTo(o.revision);
    }

    @Override
    public String toString() {
        return label();
    }
}
