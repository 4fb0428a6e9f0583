package org.provenancelab.hub;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.internal.connection.RealConnection;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * An HTTP/1.1 connection is reused only if the previous answer ended exactly where its framing
 * said. A server that sends more bytes than the answer's Content-Length (a whole extra
 * response, say) would otherwise have them read as the answer to the next request on that
 * connection. So when a body ends, and again before a request goes out on a pooled
 * connection, bytes already waiting make the connection unusable for further exchanges and
 * the current exchange fail (another attempt then opens a fresh connection). HTTP/2 frames
 * each stream and needs no such check.
 *
 * <p>OkHttp keeps what it has read ahead in the connection's own buffer, which its public API
 * does not show; it is read by reflection, and if that is impossible the connection is simply
 * never reused (safe, only slower).
 */
final class LeftoverBytesInterceptor implements Interceptor {
    private static final Field SOURCE = sourceField();

    private static Field sourceField() {
        try {
            Field f = RealConnection.class.getDeclaredField("source");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection c = chain.connection();
        if (c == null || c.protocol() != Protocol.HTTP_1_1) {
            return chain.proceed(chain.request());
        }
        if (waiting(c) == Boolean.TRUE) {
            retire(c);
            throw new IOException("the connection to " + chain.request().url().redact()
                    + " held bytes nobody asked for (an earlier answer ran long); closed it");
        }
        Response resp = chain.proceed(chain.request());
        ResponseBody body = resp.body();
        if (body == null) {
            return resp;
        }
        BufferedSource checked = Okio.buffer(new ForwardingSource(body.source()) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n == -1) {
                    Boolean w = waiting(c);
                    if (w == null) {
                        retire(c); // cannot tell: do not reuse
                    } else if (w) {
                        retire(c);
                        throw new IOException("the server sent more bytes than the answer's length; closed the connection");
                    }
                }
                return n;
            }
        });
        return resp.newBuilder().body(ResponseBody.create(checked, body.contentType(), body.contentLength())).build();
    }

    /** Whether bytes already received on the connection belong to no request; null if that cannot be seen. */
    static Boolean waiting(Connection c) {
        try {
            if (SOURCE == null || !(c instanceof RealConnection)) {
                return null;
            }
            BufferedSource s = (BufferedSource) SOURCE.get(c);
            if (s != null && s.getBuffer().size() > 0) {
                return true;
            }
            Socket socket = c.socket();
            return !socket.isClosed() && socket.getInputStream().available() > 0;
        } catch (IOException | IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static void retire(Connection c) {
        if (c instanceof RealConnection rc) {
            synchronized (rc) {
                rc.setNoNewExchanges(true);
            }
        }
        try {
            c.socket().close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
