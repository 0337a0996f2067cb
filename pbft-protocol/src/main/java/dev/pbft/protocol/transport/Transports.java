package dev.pbft.protocol.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * Picks the socket layer: {@code -Dpbft.transport=io_uring|epoll|nio}, by default io_uring where
 * the kernel allows it (Linux 5.x and later, unless a seccomp profile forbids it, as container
 * runtimes often do), else epoll where its native library loads, else NIO. A named layer that
 * cannot load here falls back the same way. io_uring submits a loop turn's reads and writes
 * with one system call; with one connection per client identity, that is most of a replica's
 * system calls.
 */
final class Transports {
    enum Kind { IO_URING, EPOLL, NIO }

    private static final Kind KIND = pick(System.getProperty("pbft.transport", ""));

    private Transports() {
    }

    static Kind pick(String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT);
        if (Boolean.getBoolean("pbft.transport.nio")) {
            w = "nio";
        }
        if ((w.isEmpty() || w.equals("io_uring")) && IoUring.isAvailable()) {
            return Kind.IO_URING;
        }
        if (w.equals("nio") || !Epoll.isAvailable()) {
            return Kind.NIO;
        }
        return Kind.EPOLL;
    }

    static Kind kind() {
        return KIND;
    }

    static EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = switch (KIND) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    static Class<? extends SocketChannel> channelClass() {
        return switch (KIND) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    static Class<? extends ServerSocketChannel> serverChannelClass() {
        return switch (KIND) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }
}
