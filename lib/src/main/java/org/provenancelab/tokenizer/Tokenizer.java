package org.provenancelab.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.provenancelab.model.ModelSource;
import org.provenancelab.provenance.Provenance;
import org.provenancelab.provenance.Source;

/**
 * A tokenizer.json read as data (no tokenizer runtime): the model's vocabulary (BPE, WordPiece
 * or Unigram), its merges, and the added and special tokens. Parsed with Jackson's streaming
 * parser, because vocabularies of 150k+ entries and 300k merges make a tree model slow and large.
 */
public final class Tokenizer {
    private static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final Source source;
    private final String modelType;
    private final String[] byId;
    private final Map<String, Integer> ids;
    private final int modelVocabSize;
    private final List<String> merges;
    private final List<AddedToken> added;

    private Tokenizer(String name, Source source, String modelType, String[] byId, Map<String, Integer> ids, int modelVocabSize,
                      List<String> merges, List<AddedToken> added) {
        this.name = name;
        this.source = source;
        this.modelType = modelType;
        this.byId = byId;
        this.ids = ids;
        this.modelVocabSize = modelVocabSize;
        this.merges = merges;
        this.added = added;
    }

    /** The tokenizer.json of a model (hub repo, local shards or zoo model), labelled with its source. */
    public static Tokenizer of(ModelSource model) throws IOException {
        return parse(model.text("tokenizer.json").getBytes(StandardCharsets.UTF_8), model.id(), Provenance.record(model.source()));
    }

    /**
     * Parses tokenizer.json bytes. {@code name} names the model in tables and errors; the source
     * is the label of the file's origin.
     */
    public static Tokenizer parse(byte[] json, String name, Source source) {
        String[] modelType = {""};
        Map<String, Integer> vocab = new HashMap<>();
        List<String> merges = new ArrayList<>();
        List<AddedToken> added = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, name, "the top level");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("added_tokens") && t == JsonToken.START_ARRAY) {
                    readAdded(p, added, name);
                } else if (field.equals("model") && t == JsonToken.START_OBJECT) {
                    readModel(p, modelType, vocab, merges, name);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new TokenizerException(name, "tokenizer.json is not valid JSON: " + e.getMessage(), e);
        }
        if (vocab.isEmpty()) {
            throw new TokenizerException(name, "tokenizer.json has no model.vocab (or it is empty)");
        }
        int modelSize = 0;
        for (int id : vocab.values()) {
            if (id < 0) {
                throw new TokenizerException(name, "model.vocab holds a negative id " + id);
            }
            modelSize = Math.max(modelSize, id + 1);
        }
        int size = modelSize;
        for (AddedToken a : added) {
            size = Math.max(size, a.id() + 1);
        }
        String[] byId = new String[size];
        Map<String, Integer> ids = new HashMap<>(vocab);
        for (var e : vocab.entrySet()) {
            byId[e.getValue()] = e.getKey();
        }
        for (AddedToken a : added) {
            // an added token may repeat a vocab entry at the same id; one at another id is a second name
            if (byId[a.id()] == null) {
                byId[a.id()] = a.content();
            }
            ids.putIfAbsent(a.content(), a.id());
        }
        return new Tokenizer(name, source, modelType[0], byId, Collections.unmodifiableMap(ids), modelSize,
                Collections.unmodifiableList(merges), List.copyOf(added));
    }

    private static void readAdded(JsonParser p, List<AddedToken> out, String name) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int id = -1;
            String content = null;
            boolean special = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "id" -> id = p.getIntValue();
                    case "content" -> content = p.getText();
                    case "special" -> special = v == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            if (id < 0 || content == null) {
                throw new TokenizerException(name, "an added_tokens entry lacks its id or content");
            }
            out.add(new AddedToken(id, content, special));
        }
    }

    private static void readModel(JsonParser p, String[] type, Map<String, Integer> vocab, List<String> merges, String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("type") && v == JsonToken.VALUE_STRING) {
                type[0] = p.getText();
            } else if (f.equals("vocab") && v == JsonToken.START_OBJECT) {
                // BPE and WordPiece: token -> id
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                        throw new TokenizerException(name, "model.vocab['" + token + "'] is not an integer id");
                    }
                    vocab.put(token, p.getIntValue());
                }
            } else if (f.equals("vocab") && v == JsonToken.START_ARRAY) {
                // Unigram: [[piece, score], ...], the id is the position
                int id = 0;
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    vocab.putIfAbsent(p.getText(), id++);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                }
            } else if (f.equals("merges") && v == JsonToken.START_ARRAY) {
                // older files: "a b"; newer files: ["a", "b"]
                JsonToken m;
                while ((m = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (m == JsonToken.VALUE_STRING) {
                        merges.add(p.getText());
                    } else if (m == JsonToken.START_ARRAY) {
                        List<String> parts = new ArrayList<>(2);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            parts.add(p.getText());
                        }
                        if (parts.size() != 2) {
                            throw new TokenizerException(name, "a merge has " + parts.size() + " parts instead of 2");
                        }
                        merges.add(parts.get(0) + " " + parts.get(1));
                    } else {
                        throw new TokenizerException(name, "model.merges holds " + m + " instead of a string or pair");
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken want, String name, String where) {
        if (got != want) {
            throw new TokenizerException(name, where + " of tokenizer.json is " + got + ", expected " + want);
        }
    }

    /** The model's name (repo id, zoo model). */
    public String name() {
        return name;
    }

    /** Where the tokenizer.json came from. */
    public Source source() {
        return source;
    }

    /** BPE, WordPiece, Unigram (tokenizer.json's model.type). */
    public String modelType() {
        return modelType;
    }

    /** Ids in use, counting added tokens: highest id + 1. */
    public int size() {
        return byId.length;
    }

    /** Entries of model.vocab (highest id + 1), without added tokens. */
    public int modelVocabSize() {
        return modelVocabSize;
    }

    /** Distinct token texts (vocab and added tokens). */
    public int distinctTokens() {
        return ids.size();
    }

    /** The token text at an id, or null if no token has that id. */
    public String token(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /** The id of a token text, or -1. */
    public int id(String token) {
        Integer i = ids.get(token);
        return i == null ? -1 : i;
    }

    /** Every token text with its id (vocab and added tokens). */
    public Map<String, Integer> ids() {
        return ids;
    }

    /** Merges as "left right", in rank order. */
    public List<String> merges() {
        return merges;
    }

    public List<AddedToken> addedTokens() {
        return added;
    }

    /** Added tokens marked special. */
    public List<AddedToken> specialTokens() {
        return added.stream().filter(AddedToken::special).toList();
    }

    /** Count and SHA-256 of the merges (each "left right" followed by a newline), first 1000 and all. */
    public MergesFingerprint mergesFingerprint() {
        return new MergesFingerprint(merges.size(), sha256(merges.subList(0, Math.min(1000, merges.size()))), sha256(merges));
    }

    private static String sha256(List<String> lines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : lines) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ids with no token (gaps). */
    public int unusedIds() {
        return (int) Arrays.stream(byId).filter(s -> s == null).count();
    }

    @Override
    public String toString() {
        return name + " tokenizer (" + modelType + ", " + size() + " ids, " + merges.size() + " merges, " + source.label() + ")";
    }
}
