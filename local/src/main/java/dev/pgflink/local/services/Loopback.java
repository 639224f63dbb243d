package dev.pgflink.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Ports on 127.0.0.1: every local service binds there and nowhere else. */
public final class Loopback {
    public static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A port that was free on the loopback interface a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** True when something accepts connections on the port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port must be free, or the user gets a message that says which service wants it. */
    public static void requireFree(int port, String service) {
        if (isListening(port)) {
            throw new IllegalStateException(service + " cannot start: port " + port + " on " + HOST
                    + " is already in use (stop what holds it, or choose another port)");
        }
    }

    /** Waits until the port accepts connections, or fails with the reason from {@code stillAlive}. */
    public static void awaitListening(int port, Duration timeout, String service, ProcessCheck stillAlive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isListening(port)) {
            stillAlive.check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " did not listen on " + HOST + ":" + port
                        + " within " + timeout.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(50));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Throws when the process behind a service has already died. */
    @FunctionalInterface
    public interface ProcessCheck {
        void check();
    }
}
