package io.driftline.devkit.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JDK HTTP servers that a slow or hostile client cannot stall.
 *
 * <p>The JDK server reads a request's line and headers on its executor's threads, with no read timeout of its
 * own, so a few sockets that send a header a byte a second used to hold every worker (slowloris). Two defences:
 * the JDK's own request and response time limits ({@code sun.net.httpserver.maxReqTime}, {@value #MAX_REQ_TIME_S}
 * s, and {@code maxRspTime}, {@value #MAX_RSP_TIME_S} s; its timer then closes the connection, which frees the
 * worker), and a worker pool sized for the host ({@link #threads()}) with a bounded queue, so that a handful of
 * slow sockets leave workers for everyone else. The limits are JVM-wide properties the JDK reads once, when the
 * first server of the JVM is created: they are set here, before that, unless the operator set them already.
 * Identical copies of this class serve the API ({@code io.driftline.http}) and the development registry, which
 * ships apart from the service.
 */
final class HttpServers {

    /** Seconds a client has to send its whole request (line, headers and body). */
    static final int MAX_REQ_TIME_S = 10;
    /** Seconds a response may take to reach a client that reads slowly. */
    static final int MAX_RSP_TIME_S = 30;
    private static final int QUEUE = 256;

    private HttpServers() {
    }

    /** A server on {@code host:port} with the time limits installed; the caller adds contexts and starts it. */
    static HttpServer create(String host, int port) throws IOException {
        return create(host, port, null);
    }

    /** As {@link #create(String, int)}; an https server when {@code tls} is given. */
    static HttpServer create(String host, int port, javax.net.ssl.SSLContext tls) throws IOException {
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQ_TIME_S);
        setIfAbsent("sun.net.httpserver.maxRspTime", MAX_RSP_TIME_S);
        if (tls == null) {
            return HttpServer.create(new InetSocketAddress(host, port), 64);
        }
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(host, port), 64);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        return server;
    }

    /** Workers: four per core, at least 8 and at most 64, since most of their time goes to waiting on sockets. */
    static int threads() {
        return Math.max(8, Math.min(64, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /**
     * A bounded pool of daemon workers. Past the queue a request is refused (the JDK closes its connection)
     * rather than queued without limit.
     */
    static ThreadPoolExecutor executor(String name) {
        int threads = threads();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread thread = new Thread(r, name);
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static void setIfAbsent(String key, int seconds) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(seconds));
        }
    }
}
