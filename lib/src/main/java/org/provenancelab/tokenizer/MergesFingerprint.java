package org.provenancelab.tokenizer;

/**
 * What identifies a BPE merge list: its length and SHA-256 digests of the first 1000 merges and of
 * all of them (each merge as "left right" plus a newline). Equal digests mean equal lists; the
 * digests are the lab's own and are not comparable with digests other tools computed differently.
 */
public record MergesFingerprint(int count, String sha256First1000, String sha256All) {}
