package org.provenancelab.hub;

import java.util.regex.Pattern;

/**
 * Repo ids as the Hub accepts them ({@code huggingface_hub}'s validation): {@code owner/name},
 * each part of word characters, '-' and '.', starting and ending with a letter, digit or '_',
 * at most 96 characters, with no "--" or ".." anywhere and no ".git" suffix. Because neither
 * part can contain "--" or start or end with '-', "owner--name" names exactly one repo: the
 * cache's folder mapping is injective.
 */
public final class RepoId {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?");

    private RepoId() {}

    /** Why {@code repo} is not a valid repo id, or null if it is. */
    public static String problem(String repo) {
        if (repo == null) {
            return "repo id is missing";
        }
        String shown = "'" + repo.replaceAll("[^\\x20-\\x7e]", "?") + "'";
        int slash = repo.indexOf('/');
        if (slash < 0 || slash != repo.lastIndexOf('/')) {
            return "repo id must look like 'owner/name', got " + shown;
        }
        if (!PART.matcher(repo.substring(0, slash)).matches() || !PART.matcher(repo.substring(slash + 1)).matches()) {
            return "repo id " + shown + " is not valid on the Hub: each part holds letters, digits, '_', '-' and '.', "
                    + "starts and ends with a letter, digit or '_', and is at most 96 characters";
        }
        if (repo.contains("--") || repo.contains("..")) {
            return "repo id " + shown + " is not valid on the Hub: it may not contain '--' or '..'";
        }
        if (repo.endsWith(".git")) {
            return "repo id " + shown + " is not valid on the Hub: it may not end with '.git'";
        }
        return null;
    }

    /** The repo id, or a {@link HubException} naming it. */
    public static String check(String repo) throws HubException {
        String p = problem(repo);
        if (p != null) {
            throw new HubException(HubException.Kind.BAD_INPUT, 0, p);
        }
        return repo;
    }
}
