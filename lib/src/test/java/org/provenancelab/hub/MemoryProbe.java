package org.provenancelab.hub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.provenancelab.safetensors.Header;

/**
 * Run in a JVM of its own with {@code -Xmx512m} by {@link MemoryCapsTest}: the hostile answers
 * of issue 9 item 6, each at the largest size the lab accepts, must end in the lab's own
 * exception, never in an OutOfMemoryError. Prints one line per case; exits 0 only if all held.
 */
public final class MemoryProbe {
    public static void main(String[] args) throws Exception {
        int failed = 0;
        failed += run("revision info: 64 MiB of tiny siblings", () -> revision(
                "{\"rfilename\":\"a\"},"));
        failed += run("revision info: 64 MiB of empty siblings", () -> revision("{},"));
        failed += run("header: 100 MB of {\"a\":[{},{},...]}", () -> header("{\"a\":[", "{},", "]}"));
        failed += run("header: 100 MB of tiny tensors", () -> headerOfTensors());
        failed += run("header: 100 MB of metadata entries", () -> header("{\"__metadata__\":{", null, "}}"));
        System.out.println(failed == 0 ? "all held" : failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    interface Case {
        String run() throws Exception;
    }

    static int run(String name, Case c) {
        try {
            String msg = c.run();
            System.out.println("refused " + name + ": " + msg);
            return msg == null ? 1 : 0;
        } catch (OutOfMemoryError e) {
            System.out.println("OUT OF MEMORY " + name);
            return 1;
        } catch (Throwable e) {
            System.out.println("UNEXPECTED " + name + ": " + e);
            return 1;
        }
    }

    /** Fills {@code size} bytes: prefix, the unit repeated, suffix. */
    static byte[] fill(int size, String prefix, String unit, String suffix) {
        byte[] b = new byte[size];
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8), u = unit.getBytes(StandardCharsets.UTF_8),
                s = suffix.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, b, 0, p.length);
        int at = p.length;
        while (at + u.length + u.length + s.length < size) {
            System.arraycopy(u, 0, b, at, u.length);
            at += u.length;
        }
        // the last unit without its trailing comma, then white space up to the suffix
        System.arraycopy(u, 0, b, at, u.length - 1);
        at += u.length - 1;
        while (at < size - s.length) {
            b[at++] = ' ';
        }
        System.arraycopy(s, 0, b, size - s.length, s.length);
        return b;
    }

    static String revision(String unit) throws Exception {
        byte[] json = fill((64 << 20) - 16, "{\"sha\":\"" + "a".repeat(40) + "\",\"siblings\":[", unit, "]}");
        try (HostileServer s = new HostileServer("probe/repo", "a".repeat(40))) {
            s.fault((r, ex) -> {
                ex.write(HostileServer.response(200, Map.of("Content-Type", "application/json"), json));
                return true;
            });
            HubClient c = new HubClient(s.endpoint(), null, new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10),
                    Duration.ofSeconds(60)), false);
            try {
                c.revision("probe/repo", "main");
                return null;
            } catch (HubException e) {
                return e.getMessage();
            }
        }
    }

    static String header(String prefix, String unit, String suffix) throws Exception {
        byte[] json;
        if (unit == null) { // metadata: distinct keys, written straight into the array
            json = new byte[100_000_000];
            byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(p, 0, json, 0, p.length);
            int at = p.length;
            for (int i = 0; ; i++) {
                byte[] kv = ("\"k" + i + "\":\"v\",").getBytes(StandardCharsets.UTF_8);
                if (at + kv.length + suffix.length() + 1 > json.length) {
                    break;
                }
                System.arraycopy(kv, 0, json, at, kv.length);
                at += kv.length;
            }
            at--; // drop the last comma
            while (at < json.length - suffix.length()) {
                json[at++] = ' ';
            }
            System.arraycopy(suffix.getBytes(StandardCharsets.UTF_8), 0, json, at, suffix.length());
        } else {
            json = fill(100_000_000, prefix, unit, suffix);
        }
        try {
            Header.parse("probe.safetensors", 8L + json.length, json);
            return null;
        } catch (org.provenancelab.safetensors.SafetensorsException e) {
            return e.getMessage();
        }
    }

    static String headerOfTensors() throws Exception {
        byte[] json = new byte[100_000_000];
        int at = 0;
        json[at++] = '{';
        for (int i = 0; ; i++) {
            byte[] t = ("\"t" + i + "\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]},").getBytes(StandardCharsets.UTF_8);
            if (at + t.length + 2 > json.length) {
                break;
            }
            System.arraycopy(t, 0, json, at, t.length);
            at += t.length;
        }
        json[at - 1] = '}';
        while (at < json.length) {
            json[at++] = ' ';
        }
        try {
            Header.parse("probe.safetensors", 8L + json.length, json);
            return null;
        } catch (org.provenancelab.safetensors.SafetensorsException e) {
            return e.getMessage();
        }
    }
}
