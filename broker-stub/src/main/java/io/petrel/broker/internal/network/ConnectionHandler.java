package io.petrel.broker.internal.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.petrel.broker.internal.fault.FaultPlan;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.HandlerRegistry;
import io.petrel.broker.internal.metrics.RequestRecorder;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.broker.internal.security.ConnectionSession;
import io.petrel.broker.internal.security.sasl.SaslAuthenticator;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.ThrottleTime;
import io.petrel.protocol.schemas.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Serves the requests of one connection, strictly one at a time and in arrival order, as Kafka's broker
 * does: the next request is handed to its handler only once the previous one's response is written.
 * That is what lets an idempotent producer keep five requests in flight and still find its batches
 * appended in order. Requests that arrive meanwhile wait in {@link #waiting}; past a small backlog the
 * connection stops reading, so a client cannot pile up unbounded memory here. Nor is the next request served while
 * the peer has not taken the responses already written (the channel is not writable): a client that never reads
 * stops being read. A request's bytes go back to the {@link RequestMemoryPool}, and its {@link RequestBytes} are
 * released, once its response is written, or when the connection closes (the requests waiting with it).
 *
 * <p>Everything here runs on the channel's event loop; handler futures complete anywhere and hop back.
 * Bad bytes from a client close this connection only, with a log line saying why.
 *
 * <p>Security: on a SASL listener the connection's {@link SaslAuthenticator} decides which requests may be
 * served (only ApiVersions and the SASL APIs before authentication; anything else closes the connection, as in
 * Kafka). On a TLS listener the principal comes from the client certificate once the handshake completes; a
 * failed handshake, or a plaintext client on the TLS port, gets one log line and the connection closed. Every
 * request carries the connection's principal at arrival to its handler.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    /** A TLS 1.2 record holding a fatal handshake_failure alert (level 2, description 40). */
    private static final byte[] HANDSHAKE_FAILURE_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    private static final int MAX_WAITING = 64;

    private final HandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final FaultRules faults;
    private final String connectionId;
    private final ConnectionSession session;
    private final RequestMemoryPool memory;
    private final ArrayDeque<RequestBytes> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ReadGate readGate;
    private boolean busy;
    /** Set once the channel is inactive: a request still arriving is released at once instead of queued. */
    private boolean inactive;
    /** The request being served, given back to {@link #memory} and released when it is answered. */
    private RequestBytes serving;
    private final RequestRecorder requests;
    private final LongSupplier nanoTime;
    /** When the request being served was read, for its TotalTimeMs. */
    private long servingSinceNanos;

    ConnectionHandler(HandlerRegistry registry, ApiVersionsHandler apiVersions, FaultRules faults, String connectionId,
                      ConnectionSession session, RequestMemoryPool memory, RequestRecorder requests,
                      LongSupplier nanoTime) {
        this.requests = requests;
        this.nanoTime = nanoTime;
        this.memory = memory;
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.faults = faults;
        this.connectionId = connectionId;
        this.session = session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.readGate = ReadGate.of(ctx.channel());
        log.debug("Connection {} from {} on listener {}", connectionId, ctx.channel().remoteAddress(),
                session.listenerName());
        // Only a TLS listener's pipeline has an SslHandler; a plaintext connection need not even load its class.
        SslHandler tls = session.protocol().usesTls() ? ctx.pipeline().get(SslHandler.class) : null;
        if (tls != null) {
            tls.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    session.tlsHandshakeCompleted(tls.engine().getSession());
                } else {
                    tlsFailed(done.cause());
                }
            });
        }
        ctx.fireChannelActive();
    }

    /**
     * One line per failed TLS handshake, naming the likely mistake, then the connection closed; a client that sent
     * no TLS at all first gets a TLS alert, as from Kafka, so it can say it is on a TLS port.
     */
    private void tlsFailed(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            log.warn("Closing connection {} from {}: it did not start a TLS handshake on {} listener {} (a client "
                            + "with security.protocol PLAINTEXT or SASL_PLAINTEXT on a TLS port?)", connectionId,
                    ctx.channel().remoteAddress(), session.protocol(), session.listenerName());
        } else {
            log.warn("Closing connection {} from {}: TLS handshake on listener {} failed: {}", connectionId,
                    ctx.channel().remoteAddress(), session.listenerName(), cause.getMessage());
        }
        dropQueued();
        ChannelHandlerContext tlsContext = ctx.pipeline().context(SslHandler.class);
        if (cause instanceof NotSslRecordException && tlsContext != null && ctx.channel().isActive()) {
            // Written below the SslHandler, so it leaves as plain bytes: the answer a JDK TLS engine (and so Apache
            // Kafka) gives, which a plaintext client reads where it expected a response size and can name.
            tlsContext.writeAndFlush(Unpooled.wrappedBuffer(HANDSHAKE_FAILURE_ALERT))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RequestBytes frame = (RequestBytes) msg;
        if (inactive) {
            forget(frame);
            return;
        }
        waiting.add(frame);
        if (waiting.size() >= MAX_WAITING) {
            readGate.pause(ReadGate.Reason.REQUEST_BACKLOG);
        }
        serveNext();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            readGate.resume(ReadGate.Reason.UNSENT_RESPONSES);
            serveNext();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void serveNext() {
        if (busy || waiting.isEmpty() || !ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            // The peer is not reading what was written: serve nothing more, read nothing more, until it does.
            readGate.pause(ReadGate.Reason.UNSENT_RESPONSES);
            return;
        }
        RequestBytes frame = waiting.poll();
        if (waiting.size() < MAX_WAITING / 2) {
            readGate.resume(ReadGate.Reason.REQUEST_BACKLOG);
        }
        busy = true;
        serving = frame;
        try {
            serve(frame.bytes());
        } catch (ProtocolException e) {
            close("malformed request: " + e.getMessage());
        } catch (RuntimeException e) {
            // serveNext also runs from tasks on the event loop, where an escaping exception would only be
            // logged by Netty and leave this connection busy forever: close it instead.
            log.error("Could not serve a request on connection {}; closing it", connectionId, e);
            close("the broker failed to serve a request");
        }
    }

    private void serve(ByteBuffer frame) {
        SaslAuthenticator sasl = session.sasl();
        if (sasl != null && sasl.expectsRawToken()) {
            serveRawSaslToken(sasl, frame);
            return;
        }
        RequestFrame request = RequestFrame.decode(frame);
        Optional<ApiKey> api = request.api();
        if (sasl != null) {
            SaslAuthenticator.Admission admission = api.map(sasl::admit)
                    .orElse(new SaslAuthenticator.Admission(sasl.authenticated(), "unknown API key " + request.apiKey()
                            + " before SASL authentication"));
            if (!admission.allowed()) {
                close(admission.closeReason());
                return;
            }
        }
        Optional<RequestHandler> handler = api.flatMap(registry::handler);
        if (handler.isEmpty()) {
            log.info("Connection {} sent API key {}, which this broker does not serve", connectionId, request.apiKey());
            ResponseWriter.writeBareError(ctx.channel(), request.correlationId(), ErrorCode.UNSUPPORTED_VERSION.code());
            done();
            return;
        }
        if (!handler.get().versions().contains(request.apiVersion())) {
            answerUnsupportedVersion(api.get(), handler.get(), request);
            return;
        }
        Message body = request.decodeBody();
        FaultPlan plan = faults.plan(api.get(), request.apiVersion(), body);
        if (plan.dropConnection()) {
            close("injected fault drops the connection on " + api.get().apiName());
            return;
        }
        servingSinceNanos = nanoTime.getAsLong();
        RequestContext context = new RequestContext(request.apiVersion(), request.correlationId(), request.clientId(),
                connectionId, (InetSocketAddress) ctx.channel().remoteAddress(), session.principal(), session);
        CompletableFuture<Response> response = plan.failure() != null
                ? CompletableFuture.completedFuture(failed(api.get(), body, plan.failure()))
                : invoke(handler.get(), context, plan);
        response.whenComplete((r, error) -> ctx.executor().execute(() -> respond(api.get(), context, r, error, plan)));
    }

    /** An injected failure; a Produce with acks=0 gets no response, failed or not, as from Kafka. */
    private static Response failed(ApiKey api, Message request, Message failure) {
        if (api == ApiKey.PRODUCE && request.get(ProduceRequest.ACKS) == 0) {
            return Response.none();
        }
        return Response.of(failure);
    }

    private static CompletableFuture<Response> invoke(RequestHandler handler, RequestContext context, FaultPlan plan) {
        try {
            return handler.handle(context, plan.request());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void respond(ApiKey api, RequestContext context, Response response, Throwable error, FaultPlan plan) {
        if (error != null) {
            log.error("Handler for {} v{} failed on connection {}; closing it", api.apiName(), context.apiVersion(),
                    connectionId, error);
            close("the broker failed to serve " + api.apiName());
            return;
        }
        if (plan.delay().isZero()) {
            write(api, context, response, plan);
        } else {
            ctx.executor().schedule(() -> write(api, context, response, plan), plan.delay().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void write(ApiKey api, RequestContext context, Response response, FaultPlan plan) {
        requests.served(api, context.apiVersion(), nanoTime.getAsLong() - servingSinceNanos);
        if (response instanceof Response.Body body && ctx.channel().isActive()) {
            Message message = plan.partitionErrors().isEmpty() ? body.body() : FaultRules.merge(api, body.body(), plan);
            try {
                ResponseWriter.write(ctx.channel(), session.protocol().usesTls(), api, context.apiVersion(),
                        context.correlationId(), message);
            } catch (RuntimeException e) {
                // Runs as an event-loop task: anything escaping would leave the connection busy forever.
                log.error("Response to {} v{} could not be encoded; closing connection {}", api.apiName(),
                        context.apiVersion(), connectionId, e);
                close("the broker built a response it could not encode");
                return;
            }
            if (body.closeAfter()) {
                closeAfterFlush(api.apiName() + " ended the session (authentication failed or refused)");
                return;
            }
            int throttleMs = ThrottleTime.of(message);
            if (throttleMs > 0) {
                muteFor(throttleMs);
                return;
            }
        }
        done();
    }

    /**
     * KIP-219: after a throttled response, reads and serves nothing more from this connection until the throttle
     * time has passed (requests already read wait in {@link #waiting}).
     */
    private void muteFor(int throttleMs) {
        readGate.pause(ReadGate.Reason.THROTTLED);
        ctx.executor().schedule(() -> {
            readGate.resume(ReadGate.Reason.THROTTLED);
            done();
        }, throttleMs, TimeUnit.MILLISECONDS);
    }

    /** After a v0 SaslHandshake the client sends bare size-prefixed SASL tokens and reads bare ones back. */
    private void serveRawSaslToken(SaslAuthenticator sasl, ByteBuffer frame) {
        byte[] token = new byte[frame.remaining()];
        frame.get(token);
        byte[] challenge = sasl.rawToken(token);
        if (challenge == null) {
            close("SASL authentication failed");
            return;
        }
        ctx.writeAndFlush(Unpooled.buffer(4 + challenge.length).writeInt(challenge.length).writeBytes(challenge));
        done();
    }

    /** Closes once everything written so far has been sent, so the client reads the last response first. */
    private void closeAfterFlush(String why) {
        log.info("Closing connection {} from {} after its response: {}", connectionId, ctx.channel().remoteAddress(), why);
        dropQueued();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void answerUnsupportedVersion(ApiKey api, RequestHandler handler, RequestFrame request) {
        if (api == ApiKey.API_VERSIONS) {
            ResponseWriter.write(ctx.channel(), session.protocol().usesTls(), api, (short) 0, request.correlationId(),
                    apiVersions.unsupportedVersionResponse());
        } else {
            log.info("Connection {} sent {} v{}; this broker serves versions {}", connectionId, api.apiName(),
                    request.apiVersion(), handler.versions());
            ResponseWriter.writeBareError(ctx.channel(), request.correlationId(), ErrorCode.UNSUPPORTED_VERSION.code());
        }
        done();
    }

    private void done() {
        busy = false;
        forgetServing();
        serveNext();
    }

    /** Gives the served request's bytes back; safe to call again (a response arriving after the close). */
    private void forgetServing() {
        if (serving != null) {
            forget(serving);
            serving = null;
        }
    }

    private void forget(RequestBytes frame) {
        frame.release();
        memory.release(frame.size());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            close("idle for longer than connections.max.idle.ms");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof ProtocolException p) {
            close("bad frame: " + p.getMessage());
        } else if (cause instanceof NotSslRecordException || cause instanceof SSLException
                || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            // Already said once by the handshake listener; the SslHandler closes the connection.
            log.debug("Connection {} TLS failure: {}", connectionId, cause.toString());
            ctx.close();
        } else if (cause instanceof java.io.IOException) {
            log.debug("Connection {} failed: {}", connectionId, cause.toString());
            ctx.close();
        } else {
            log.warn("Connection {} failed; closing it", connectionId, cause);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        dropQueued();
        // Handlers run on this event loop and a Produce handler (the only one given pooled bytes) answers before it
        // returns, so nothing still reads the request served now.
        forgetServing();
        ctx.fireChannelInactive();
    }

    /** Forgets the requests read and not yet served (the connection is closing), giving their memory back. */
    private void dropQueued() {
        RequestBytes frame;
        while ((frame = waiting.poll()) != null) {
            forget(frame);
        }
    }

    private void close(String why) {
        log.warn("Closing connection {} from {}: {}", connectionId, ctx.channel().remoteAddress(), why);
        dropQueued();
        ctx.close();
    }
}
