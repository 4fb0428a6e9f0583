package org.provenancelab.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile HTTP/1.1 server of our own on loopback, on raw sockets (not the local hub): by
 * default it serves one repo honestly, the Hub's way (revision info, resolve URLs, LFS files
 * redirected to a storage origin with a signed query, 206 ranges); a test installs a
 * {@link Fault} that answers some requests in a hostile way, byte for byte. Every request is
 * logged with its Authorization header. Loops are bounded (connections, request size, socket
 * timeouts) and {@link #close()} ends everything; a server also stops by itself after
 * {@link #LIFETIME_MS}.
 */
final class HostileServer implements Closeable {
    static final long LIFETIME_MS = 120_000;
    private static final int MAX_CONNECTIONS = 256;
    private static final int MAX_REQUEST_HEAD = 64 << 10;

    /** One request as received. */
    record Req(String method, String path, String query, Map<String, String> headers, int port, int connection) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One connection's output, for a fault to write whatever it likes. */
    final class Exchange {
        final Socket socket;
        final OutputStream out;
        boolean hostile;

        /** Called by every fault helper: counts this answer as a delivered fault, once. */
        private void deliver() {
            if (!hostile) {
                hostile = true;
                faultsDelivered.incrementAndGet();
            }
        }

        Exchange(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void write(byte[] b) throws IOException {
            deliver();
            out.write(b);
            out.flush();
        }

        void write(String s) throws IOException {
            write(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes one byte at a time, pausing between bytes (stops when the client goes away or the server closes). */
        void drip(byte[] b, long pauseMs) throws IOException {
            deliver();
            for (byte x : b) {
                if (closed) {
                    return;
                }
                out.write(x);
                out.flush();
                sleep(pauseMs);
            }
        }

        /** Holds the connection without answering (until the client closes it or the server stops). */
        void hang() throws IOException {
            deliver();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(200);
            long end = System.currentTimeMillis() + LIFETIME_MS;
            while (!closed && System.currentTimeMillis() < end) {
                try {
                    if (in.read() < 0) {
                        return;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // still there
                }
            }
        }

        /** The honest answer to {@code r}, as bytes (status line, headers, body). */
        byte[] honest(Req r) {
            return HostileServer.this.honest(r);
        }
    }

    /** A hostile behaviour: returns true if it answered {@code r} itself. */
    interface Fault {
        boolean answer(Req r, Exchange ex) throws IOException;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Req> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger faultsDelivered = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final long started = System.currentTimeMillis();
    private volatile boolean closed;
    private volatile Fault fault;

    // the repo
    final String repo;
    final String commit;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final Set<String> lfs = ConcurrentHashMap.newKeySet();
    /** Where LFS files are redirected: another origin (null: this server, under /store). */
    volatile String storageBase;

    HostileServer(String repo, String commit) throws IOException {
        this.repo = repo;
        this.commit = commit;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "hostile-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    HostileServer file(String path, byte[] content, boolean isLfs) {
        files.put(path, content.clone());
        if (isLfs) {
            lfs.add(path);
        }
        return this;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    void fault(Fault f) {
        this.fault = f;
    }

    List<Req> log() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }

    void clearLog() {
        log.clear();
    }

    /** Hostile answers actually sent. */
    int faultsDelivered() {
        return faultsDelivered.get();
    }

    /** Client connections open now. */
    int openConnections() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    /** Requests being answered now (a hanging answer ends only when the client closes its connection). */
    int busy() {
        return busy.get();
    }

    /** Waits up to {@code ms} until no request is being answered; true if none is. */
    boolean awaitIdle(long ms) {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (busy() == 0) {
                return true;
            }
            sleep(20);
        }
        return busy() == 0;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private void acceptLoop() {
        while (!closed && System.currentTimeMillis() - started < LIFETIME_MS) {
            try {
                server.setSoTimeout(500);
                Socket s = server.accept();
                if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                    s.close();
                    continue;
                }
                open.add(s);
                int id = connections.get();
                Thread t = new Thread(() -> serve(s, id), "hostile-conn-" + id);
                t.setDaemon(true);
                t.start();
            } catch (java.net.SocketTimeoutException e) {
                // check the clock and the flag
            } catch (IOException e) {
                break;
            }
        }
        close();
    }

    private void serve(Socket s, int id) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            Exchange ex = new Exchange(s);
            for (int n = 0; n < 1000 && !closed; n++) { // keep-alive, bounded
                Req r = readRequest(in, id);
                if (r == null) {
                    return;
                }
                log.add(r);
                busy.incrementAndGet();
                try {
                    Fault f = fault;
                    ex.hostile = false;
                    if (f != null && f.answer(r, ex)) {
                        continue;
                    }
                    ex.out.write(honest(r));
                    ex.out.flush();
                } finally {
                    busy.decrementAndGet();
                }
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            // a timeout or a reset: the connection ends
        } finally {
            open.remove(s);
        }
    }

    private Req readRequest(InputStream in, int id) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            if (head.size() > MAX_REQUEST_HEAD) {
                return null;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] first = lines[0].split(" ");
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                h.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
        }
        String target = first.length > 1 ? first[1] : "/";
        int q = target.indexOf('?');
        return new Req(first[0], URLDecoder.decode(q < 0 ? target : target.substring(0, q), StandardCharsets.UTF_8),
                q < 0 ? "" : target.substring(q + 1), h, server.getLocalPort(), id);
    }

    // --- the honest Hub ---------------------------------------------------------------------

    static final String SIGNED_QUERY = "X-Amz-Signature=5ecre7516na7ure&X-Amz-Credential=AKIAHOSTILE";

    byte[] honest(Req r) {
        String p = r.path();
        String api = "/api/models/" + repo + "/revision/";
        if (p.startsWith(api)) {
            String rev = p.substring(api.length());
            if (!rev.equals("main") && !rev.equals(commit)) {
                return response(404, Map.of("X-Error-Code", "RevisionNotFound"), new byte[0]);
            }
            return response(200, Map.of("Content-Type", "application/json"), revisionJson());
        }
        String resolve = "/" + repo + "/resolve/";
        if (p.startsWith(resolve)) {
            String rest = p.substring(resolve.length());
            int slash = rest.indexOf('/');
            String file = slash < 0 ? "" : rest.substring(slash + 1);
            byte[] content = files.get(file);
            if (content == null) {
                return response(404, Map.of("X-Error-Code", "EntryNotFound"), new byte[0]);
            }
            if (lfs.contains(file)) {
                String base = storageBase == null ? endpoint() : storageBase;
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Location", base + "/store/" + commit + "/" + file + "?" + SIGNED_QUERY);
                h.put("X-Repo-Commit", commit);
                h.put("X-Linked-Size", Long.toString(content.length));
                return response(302, h, new byte[0]);
            }
            return content(r, content, commit);
        }
        if (p.startsWith("/store/")) {
            String rest = p.substring("/store/".length());
            int slash = rest.indexOf('/');
            byte[] content = slash < 0 ? null : files.get(rest.substring(slash + 1));
            if (content == null) {
                return response(404, Map.of(), new byte[0]);
            }
            return content(r, content, null);
        }
        return response(404, Map.of("X-Error-Code", "RepoNotFound"), new byte[0]);
    }

    /** 206 for a satisfiable Range, else 200 with the whole content. */
    static byte[] content(Req r, byte[] content, String commit) {
        Map<String, String> h = new LinkedHashMap<>();
        if (commit != null) {
            h.put("X-Repo-Commit", commit);
        }
        long[] range = range(r.header("Range"), content.length);
        if (range == null) {
            return response(200, h, content);
        }
        h.put("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + content.length);
        return response(206, h, java.util.Arrays.copyOfRange(content, (int) range[0], (int) range[1] + 1));
    }

    static long[] range(String header, long size) {
        if (header == null || !header.matches("bytes=\\d+-\\d+")) {
            return null;
        }
        String[] p = header.substring(6).split("-");
        long a = Long.parseLong(p[0]), b = Math.min(Long.parseLong(p[1]), size - 1);
        return a <= b ? new long[] {a, b} : null;
    }

    static byte[] response(int status, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Length"))) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 302 -> "Found";
            case 404 -> "Not Found";
            default -> "Status";
        };
    }

    byte[] revisionJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("id", repo);
        root.put("sha", commit);
        ArrayNode sib = root.putArray("siblings");
        files.forEach((path, content) -> {
            ObjectNode s = sib.addObject();
            s.put("rfilename", path);
            s.put("size", content.length);
            String sha = GitObjects.sha256(content);
            if (lfs.contains(path)) {
                s.put("blobId", GitObjects.lfsPointerBlobId(sha, content.length));
                ObjectNode l = s.putObject("lfs");
                l.put("sha256", sha);
                l.put("size", content.length);
                l.put("pointerSize", 130);
            } else {
                s.put("blobId", GitObjects.blobId(content));
            }
        });
        try {
            return m.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
