package org.provenancelab.hub;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The small files of the synthetic repos, so that they are laid out like the real ones: a
 * config.json with the real models' published values, a byte-level BPE tokenizer.json of the
 * real sizes, generation and tokenizer configs, a model card, a licence and code files, and for
 * the Solar-shaped repo a second commit that changes the licence and a code file. Everything but
 * the config values is made up by the lab and says so in the file: these files exercise the path
 * (parsing, comparing, diffing, history), never describe the real repos.
 */
public final class SyntheticFiles {
    /** The first line of every made-up text file. */
    public static final String MARK = "local synthetic file made by the Provenance Lab for tests; not the content of any real repo";

    private static final Map<String, byte[]> TOKENIZERS = new ConcurrentHashMap<>();

    private SyntheticFiles() {}

    /** The published config values of the real model a layout follows (by model type), or none. */
    static ObjectNode publishedConfig(String modelType) {
        try (InputStream in = SyntheticFiles.class.getResourceAsStream("synthetic/" + modelType + ".config.json")) {
            return in == null ? new ObjectMapper().createObjectNode() : (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("synthetic config of " + modelType + " unreadable", e);
        }
    }

    /** Adds the small files to a repo being built. */
    static void addTo(LocalHub.RepoBuilder repo, Synthetic.Spec s) {
        repo.file("tokenizer.json", tokenizer(s));
        repo.file("tokenizer_config.json", "{\n  \"_note\": \"" + MARK + "\",\n  \"tokenizer_class\": \"PreTrainedTokenizerFast\",\n"
                + "  \"chat_template\": \"{% for m in messages %}<|synthetic_role|>{{ m.content }}{% endfor %}\"\n}\n");
        ObjectNode pc = publishedConfig(s.modelType());
        repo.file("generation_config.json", "{\n  \"_note\": \"" + MARK + "\",\n  \"bos_token_id\": " + pc.path("bos_token_id").asInt(0)
                + ",\n  \"eos_token_id\": " + pc.path("eos_token_id") + ",\n  \"pad_token_id\": " + pc.path("pad_token_id").asInt(0) + "\n}\n");
        repo.file("README.md", "# " + s.repo() + "\n\n" + MARK + ".\n\nA synthetic model with the tensor layout of a " + s.modelType()
                + " model (" + s.layers() + " layers, hidden " + s.hidden() + "); its weights are generated noise.\n");
        if (s.modelType().equals("solar_open")) {
            repo.file("LICENSE", licence(false));
            repo.file("configuration_solar_open.py", code("configuration", s, false));
            repo.file("modeling_solar_open.py", code("modeling", s, false));
        } else {
            repo.file("LICENSE", "# " + MARK + "\n\nSynthetic licence file of a synthetic repo. The real repo's licence is not reproduced here.\n");
        }
    }

    /** For the Solar-shaped repo: a second commit changing the licence and adding a notice to a code file. */
    static String followUp(LocalHub hub, Synthetic.Spec s) {
        if (!s.modelType().equals("solar_open")) {
            return null;
        }
        return hub.repo(s.repo()).keepFiles().message("Update LICENSE and modeling notice (local synthetic commit)")
                .file("LICENSE", licence(true)).file("modeling_solar_open.py", code("modeling", s, true)).publish();
    }

    /**
     * A licence made from the Apache License 2.0 by the lab: renamed, with a preamble, an added
     * condition 4(e) and an added section 10 (changed again by the follow-up commit), so that an
     * alignment has a title change, an added preamble, a changed section and an added one to find.
     */
    public static String licence(boolean revised) {
        String apache = apacheText();
        String t = apache.replace("                                 Apache License\n                           Version 2.0, January 2004",
                "                       Synthetic-Apache License\n                           Version 2.0 (local synthetic)");
        t = "# " + MARK + ".\n\nPreamble. This synthetic licence adopts the Apache License 2.0 with one added condition in\n"
                + "Section 4(e) and an added Section 10; it exists to test the lab's licence alignment.\n\n" + t;
        t = t.replace("      (d) If the Work includes a \"NOTICE\" text file",
                "      (e) Synthetic condition: a Derivative Work must carry the word \"Synthetic\" at the start of its\n"
                        + "          name.\n\n      (d) If the Work includes a \"NOTICE\" text file");
        t = t.replace("   END OF TERMS AND CONDITIONS", "   10. Synthetic Restriction. The Work may not be used by a party named in a\n"
                + "       synthetic list" + (revised ? " published by the Licensor, as amended from time to time" : "") + ".\n\n"
                + "   END OF TERMS AND CONDITIONS");
        return t;
    }

    static String code(String kind, Synthetic.Spec s, boolean notice) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(MARK).append("\n");
        if (notice) {
            b.append("# Copyright 2025 The Synthetic Authors (a notice added by the synthetic follow-up commit)\n");
        }
        b.append("#\n# ").append(kind).append(" code of a synthetic ").append(s.modelType()).append(" repo: shown as text, never executed.\n\n");
        if (kind.equals("configuration")) {
            b.append("class SyntheticConfig:\n    model_type = \"").append(s.modelType()).append("\"\n\n    def __init__(self, num_hidden_layers=")
                    .append(s.layers()).append(", hidden_size=").append(s.hidden()).append(", **kwargs):\n")
                    .append("        self.num_hidden_layers = num_hidden_layers\n        self.hidden_size = hidden_size\n");
        } else {
            b.append("class SyntheticDecoderLayer:\n    def __init__(self, config, layer_idx):\n        self.layer_idx = layer_idx\n\n")
                    .append("class SyntheticModel:\n    def __init__(self, config):\n")
                    .append("        self.layers = [SyntheticDecoderLayer(config, i) for i in range(config.num_hidden_layers)]\n");
        }
        return b.toString();
    }

    /** The Apache License 2.0 as shipped with the library (Debian's copy; see Apache-2.0.SOURCE.md). */
    public static String apacheText() {
        try (InputStream in = SyntheticFiles.class.getResourceAsStream("/org/provenancelab/licence/Apache-2.0.txt")) {
            if (in == null) {
                throw new IllegalStateException("Apache-2.0.txt missing from the library's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A byte-level BPE tokenizer.json of the real sizes: the 256 byte symbols, merges of earlier
     * tokens drawn with a seed per model type until the vocabulary is full, and special tokens
     * where the real configs put theirs (Solar: ids 0-4095 before the bytes, 4096 + 256 + 192,256
     * merges = 196,608; GLM: after 151,329 model tokens, up to 151,552). Token texts are random.
     */
    static byte[] tokenizer(Synthetic.Spec s) {
        return TOKENIZERS.computeIfAbsent(s.modelType() + ":" + s.vocab(), k -> buildTokenizer(s)).clone();
    }

    private static byte[] buildTokenizer(Synthetic.Spec s) {
        int first, last;
        if (s.modelType().equals("solar_open")) {
            first = Math.min(4096, s.vocab() / 4);
            last = 0;
        } else if (s.modelType().equals("glm4_moe") && s.vocab() > 151_329) {
            first = 0;
            last = s.vocab() - 151_329;
        } else {
            first = 0;
            last = Math.max(1, s.vocab() / 100);
        }
        int merges = s.vocab() - first - last - 256;
        if (merges < 0) {
            throw new IllegalArgumentException(s.repo() + ": vocabulary " + s.vocab() + " is too small for a byte-level tokenizer");
        }
        List<String> tokens = new ArrayList<>(256 + merges);
        tokens.addAll(byteSymbols());
        Set<String> seen = new HashSet<>(tokens);
        List<String[]> mergeList = new ArrayList<>(merges);
        SplittableRandom rnd = new SplittableRandom(s.modelType().hashCode() * 0x9E3779B97F4A7C15L + s.vocab());
        while (mergeList.size() < merges) {
            int pool = Math.min(tokens.size(), 256 + mergeList.size() / 3 + 512);
            String l = tokens.get(rnd.nextInt(pool)), r = tokens.get(rnd.nextInt(pool));
            String t = l + r;
            if (t.length() <= 16 && seen.add(t)) {
                tokens.add(t);
                mergeList.add(new String[] {l, r});
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("version", "1.0");
            g.writeStringField("_note", MARK);
            g.writeArrayFieldStart("added_tokens");
            for (int i = 0; i < first + last; i++) {
                int id = i < first ? i : s.vocab() - last + (i - first);
                g.writeStartObject();
                g.writeNumberField("id", id);
                g.writeStringField("content", String.format("<|synthetic_special_%05d|>", id));
                g.writeBooleanField("special", true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("pre_tokenizer");
            g.writeStringField("type", "ByteLevel");
            g.writeEndObject();
            g.writeObjectFieldStart("model");
            g.writeStringField("type", "BPE");
            g.writeObjectFieldStart("vocab");
            for (int i = 0; i < tokens.size(); i++) {
                g.writeNumberField(tokens.get(i), first + i);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("merges");
            for (String[] m : mergeList) {
                g.writeStartArray();
                g.writeString(m[0]);
                g.writeString(m[1]);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The byte-level alphabet: each byte as a printable character, in byte order. */
    static List<String> byteSymbols() {
        List<String> out = new ArrayList<>(256);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out.add(String.valueOf((char) (printable ? b : 256 + extra++)));
        }
        return out;
    }
}
