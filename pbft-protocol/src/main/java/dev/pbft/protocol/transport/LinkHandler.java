package dev.pbft.protocol.transport;

import dev.pbft.protocol.codec.CodecException;
import dev.pbft.protocol.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection state: the authenticated peer, the hello exchange, and the gate every inbound
 * frame passes (MAC, then decode) before the {@link MessageHandler} sees it. Nothing thrown while
 * handling a peer's bytes escapes the pipeline.
 */
final class LinkHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LinkHandler.class);
    private static final int UNKNOWN = -1;

    private final NettyTransport transport;
    private final OutboundLink outbound;
    private int peer;
    /** For an accepted connection counted among its address's pending hellos: that address. */
    private InetAddress pendingFrom;
    private ScheduledFuture<?> helloDeadline;

    /** A handler for a connection we opened to {@code outbound}'s peer. */
    LinkHandler(NettyTransport transport, OutboundLink outbound) {
        this.transport = transport;
        this.outbound = outbound;
        this.peer = outbound.peer();
    }

    /** A handler for a connection we accepted; the peer is unknown until its hello checks out. */
    LinkHandler(NettyTransport transport) {
        this.transport = transport;
        this.outbound = null;
        this.peer = UNKNOWN;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (outbound != null) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(transport.hello(peer)));
            outbound.connected(ctx.channel());
        } else if (!awaitHello(ctx)) {
            return;
        }
        ctx.fireChannelActive();
    }

    /** Counts an accepted connection against its address and gives it until the deadline to say hello. */
    private boolean awaitHello(ChannelHandlerContext ctx) {
        ConnectionGuards guards = transport.guards();
        InetAddress from = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (from != null && !transport.pendingHellos().admit(from)) {
            transport.rejections().reject(transport.describe(UNKNOWN, ctx.channel()), "handshake-limit",
                    "more than " + guards.unauthenticatedPerAddressMax() + " connections from " + from.getHostAddress()
                            + " without a hello");
            ctx.close();
            return false;
        }
        pendingFrom = from;
        helloDeadline = ctx.executor().schedule(() -> {
            if (peer == UNKNOWN && ctx.channel().isActive()) {
                transport.rejections().reject(transport.describe(UNKNOWN, ctx.channel()), "handshake",
                        "no hello within " + guards.helloTimeoutMillis() + " ms");
                ctx.close();
            }
        }, guards.helloTimeoutMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** The connection said hello or closed: it no longer counts against its address. */
    private void helloSettled() {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
            helloDeadline = null;
        }
        if (pendingFrom != null) {
            transport.pendingHellos().release(pendingFrom);
            pendingFrom = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE
                && ctx.pipeline().get(FrameLengthDecoder.class).holdsPartialFrame()) {
            transport.rejections().reject(transport.describe(peer, ctx.channel()), "bound", "part of a frame and then"
                    + " nothing for " + transport.guards().frameStallMillis() + " ms");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        helloSettled();
        if (outbound != null) {
            outbound.disconnected(ctx.channel());
        } else if (peer != UNKNOWN) {
            transport.inboundClosed(peer, ctx.channel());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (outbound != null) {
            outbound.queue().scheduleDrain();
        } else if (peer != UNKNOWN) {
            transport.inboundWritable(peer);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] frame;
        ByteBuf buf = (ByteBuf) msg;
        try {
            frame = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        if (peer == UNKNOWN) {
            acceptHello(ctx, frame);
            return;
        }
        List<Message> messages;
        try {
            messages = transport.decoder().decodeAll(peer, frame, 0, frame.length);
        } catch (CodecException e) {
            transport.rejections().reject(transport.describe(peer, ctx.channel()), e.reason(), e.getMessage());
            // A bad MAC is dropped but the link stays: the frame may be forged by someone else.
            // A malformed frame from an authenticated peer leaves the stream in doubt: close it.
            if (!"mac".equals(e.reason())) {
                ctx.close();
            }
            return;
        }
        for (Message message : messages) {
            transport.delivered(peer, message);
        }
    }

    private void acceptHello(ChannelHandlerContext ctx, byte[] frame) {
        try {
            peer = transport.verifyHello(frame);
        } catch (Handshake.HandshakeException e) {
            transport.rejections().reject(transport.describe(UNKNOWN, ctx.channel()), "handshake", e.getMessage());
            ctx.close();
            return;
        }
        helloSettled();
        ctx.pipeline().get(FrameLengthDecoder.class).helloVerified();
        transport.inboundOpened(peer, ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = transport.describe(peer, ctx.channel());
        if (cause instanceof TooLongFrameException) {
            transport.rejections().reject(who, "bound", cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("connection to {} failed: {}", who, cause.toString());
        } else {
            transport.rejections().reject(who, "error", cause.toString());
        }
        ctx.close();
    }
}
