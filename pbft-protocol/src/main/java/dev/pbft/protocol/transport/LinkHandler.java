package dev.pbft.protocol.transport;

import dev.pbft.protocol.codec.CodecException;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StatusQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection state: the {@link Handshake} (challenge, hello, welcome), the authenticated peer,
 * and the gate every inbound frame passes (MAC, then decode) before the {@link MessageHandler} sees
 * it. Nothing thrown while handling a peer's bytes escapes the pipeline.
 */
final class LinkHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LinkHandler.class);
    private static final int UNKNOWN = -1;

    private final NettyTransport transport;
    private final OutboundLink outbound;
    private int peer;
    private boolean established;
    /** The nonce this side sent: the challenge's on an accepted connection, the hello's otherwise. */
    private byte[] ownNonce;
    /** On a connection we opened: the acceptor's challenge nonce, once it came. */
    private byte[] challengeNonce;
    /** For an accepted connection counted among its address's pending hellos: that address. */
    private InetAddress pendingFrom;
    private ScheduledFuture<?> handshakeDeadline;
    /** On a client's connection to a replica: the other clients attached on it, or null for none. */
    private Set<Integer> carried;

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
        if (outbound == null) {
            if (!admit(ctx)) {
                return;
            }
            ownNonce = transport.newNonce();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(Handshake.challenge(ownNonce)));
        }
        armDeadline(ctx);
        ctx.fireChannelActive();
    }

    /** Counts an accepted connection against its address; false (and closed) if over the bound. */
    private boolean admit(ChannelHandlerContext ctx) {
        InetAddress from = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (from != null && !transport.pendingHellos().admit(from)) {
            transport.rejections().reject(transport.describe(UNKNOWN, ctx.channel()), "handshake-limit",
                    "more than " + transport.guards().unauthenticatedPerAddressMax() + " connections from "
                            + from.getHostAddress() + " without a hello");
            ctx.close();
            return false;
        }
        pendingFrom = from;
        return true;
    }

    /** Either side: a connection whose handshake is not complete by the deadline is closed. */
    private void armDeadline(ChannelHandlerContext ctx) {
        long millis = transport.guards().helloTimeoutMillis();
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (!established && ctx.channel().isActive()) {
                transport.rejections().reject(transport.describe(peer, ctx.channel()), "handshake",
                        "handshake not complete within " + millis + " ms");
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** The handshake is over (done or the connection closed): no deadline, no count against the address. */
    private void handshakeSettled() {
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
            handshakeDeadline = null;
        }
        if (pendingFrom != null) {
            transport.pendingHellos().release(pendingFrom);
            pendingFrom = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // A paused connection (see NettyTransport#pauseReading) is not read: its half frame is ours.
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE
                && ctx.channel().config().isAutoRead()
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
        handshakeSettled();
        if (outbound != null) {
            outbound.disconnected(ctx.channel());
        } else if (established) {
            transport.inboundClosed(peer, ctx.channel());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!established) {
            return;
        }
        if (outbound != null) {
            outbound.queue().scheduleDrain();
        } else {
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
        if (!established) {
            try {
                handshake(ctx, frame);
            } catch (Handshake.HandshakeException e) {
                transport.rejections().reject(transport.describe(peer, ctx.channel()), "handshake", e.getMessage());
                if (outbound == null && e.refusal != null) {
                    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(Handshake.refusal(e.refusal)))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.close();
                }
            }
            return;
        }
        if (transport.readingPaused(peer, ctx.channel())) {
            transport.rejections().reject(transport.describe(peer, ctx.channel()), "paused",
                    "more requests over its window, or copies, than a correct client sends (or this replica"
                            + " is behind); its connection is not read for a status period");
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
            if (message instanceof Attach attach) {
                attach(ctx, attach);
            } else if (carried != null && carried.contains(clientOf(message))) {
                transport.delivered(clientOf(message), message); // proved by its attach on this connection
            } else {
                transport.delivered(peer, message);
            }
        }
    }

    /** The client a message from a client speaks for, or -1. */
    private static int clientOf(Message message) {
        if (message instanceof Request r) {
            return r.client();
        }
        return message instanceof StatusQuery q ? q.client() : -1;
    }

    private void attach(ChannelHandlerContext ctx, Attach attach) {
        if (outbound != null) {
            transport.rejections().reject(transport.describe(peer, ctx.channel()), "attach",
                    "an attach on a connection this side opened");
            return;
        }
        if (transport.attach(peer, ctx.channel(), ownNonce, attach)) {
            if (carried == null) {
                carried = new HashSet<>();
            }
            carried.add(attach.client());
        }
    }

    private void handshake(ChannelHandlerContext ctx, byte[] frame) throws Handshake.HandshakeException {
        FrameLengthDecoder decoder = ctx.pipeline().get(FrameLengthDecoder.class);
        if (outbound == null) {
            Handshake.Hello hello = transport.verifyHello(frame, ownNonce);
            peer = hello.from();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(transport.welcome(peer, hello.nonce(), ownNonce)));
            open(ctx, decoder);
            transport.inboundOpened(peer, ctx.channel());
        } else if (challengeNonce == null) {
            challengeNonce = Handshake.challengeNonce(frame);
            ownNonce = transport.newNonce();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(transport.hello(peer, ownNonce, challengeNonce)));
            decoder.expect(Handshake.WELCOME_BYTES);
        } else {
            Handshake.Refusal refusal = Handshake.refusalOf(frame);
            if (refusal != null) {
                outbound.refused(refusal);
                ctx.close();
                return;
            }
            transport.verifyWelcome(frame, peer, ownNonce, challengeNonce);
            open(ctx, decoder);
            outbound.connected(ctx.channel(), challengeNonce);
        }
    }

    private void open(ChannelHandlerContext ctx, FrameLengthDecoder decoder) {
        established = true;
        handshakeSettled();
        decoder.acceptAny();
        LOG.debug("handshake with {} complete", transport.describe(peer, ctx.channel()));
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
