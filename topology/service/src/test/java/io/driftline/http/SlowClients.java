package io.driftline.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Slowloris in a test: sockets that send a request's headers a byte a second, and raw requests. */
final class SlowClients implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Opens {@code count} connections to {@code port} that each send a header a byte a second, forever. */
    static SlowClients open(int port, int count) throws IOException {
        SlowClients clients = new SlowClients();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            clients.sockets.add(socket);
            Thread thread = new Thread(() -> trickle(socket), "slowloris-" + i);
            thread.setDaemon(true);
            thread.start();
            clients.threads.add(thread);
        }
        return clients;
    }

    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!socket.isClosed()) {
                out.write('a');
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException | InterruptedException e) {
            // closed by the server (what the time limit is for) or by the test
        }
    }

    /** The first socket, to watch whether the server closes it. */
    Socket first() {
        return sockets.get(0);
    }

    /** True when the server closed the socket within {@code within}: a read sees the end of the stream. */
    static boolean closedByServer(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Sends raw bytes on a fresh connection and returns what comes back, up to the server closing or 5 s. */
    static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder out = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (complete(out)) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // what came so far is the answer
            }
            return out.toString();
        }
    }

    /** Whether a response with a Content-Length has all of its body. */
    private static boolean complete(StringBuilder response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = response.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int eol = headers.indexOf("\r\n", at);
        long length = Long.parseLong(headers.substring(at + 15, eol < 0 ? headers.length() : eol).strip());
        return response.length() - end - 4 >= length;
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        threads.forEach(Thread::interrupt);
    }
}
