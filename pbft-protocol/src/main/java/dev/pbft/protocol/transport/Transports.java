package dev.pbft.protocol.transport;

import io.netty.channel.EventLoopGroup;
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

/** Picks epoll when the native library loads on this machine, NIO otherwise. */
final class Transports {
    private Transports() {
    }

    static boolean epoll() {
        return Epoll.isAvailable() && !Boolean.getBoolean("pbft.transport.nio");
    }

    static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static Class<? extends SocketChannel> channelClass() {
        return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerSocketChannel> serverChannelClass() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
