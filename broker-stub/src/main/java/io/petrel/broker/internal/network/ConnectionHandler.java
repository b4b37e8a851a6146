package io.petrel.broker.internal.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.petrel.broker.internal.fault.FaultPlan;
import io.petrel.broker.internal.fault.FaultRules;
import io.petrel.broker.internal.handler.ApiVersionsHandler;
import io.petrel.broker.internal.handler.HandlerRegistry;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.RequestHandler;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.ProtocolException;
import io.petrel.protocol.RequestFrame;
import io.petrel.protocol.schemas.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves the requests of one connection, strictly one at a time and in arrival order, as Kafka's broker
 * does: the next request is handed to its handler only once the previous one's response is written.
 * That is what lets an idempotent producer keep five requests in flight and still find its batches
 * appended in order. Requests that arrive meanwhile wait in {@link #waiting}; past a small backlog the
 * connection stops reading, so a client cannot pile up unbounded memory here.
 *
 * <p>Everything here runs on the channel's event loop; handler futures complete anywhere and hop back.
 * Bad bytes from a client close this connection only, with a log line saying why.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_WAITING = 64;

    private final HandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final FaultRules faults;
    private final String connectionId;
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;

    ConnectionHandler(HandlerRegistry registry, ApiVersionsHandler apiVersions, FaultRules faults, String connectionId) {
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.faults = faults;
        this.connectionId = connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        log.debug("Connection {} from {}", connectionId, ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        waiting.add((ByteBuffer) msg);
        if (waiting.size() >= MAX_WAITING) {
            ctx.channel().config().setAutoRead(false);
        }
        serveNext();
    }

    private void serveNext() {
        if (busy || waiting.isEmpty() || !ctx.channel().isActive()) {
            return;
        }
        ByteBuffer frame = waiting.poll();
        if (waiting.size() < MAX_WAITING / 2) {
            ctx.channel().config().setAutoRead(true);
        }
        busy = true;
        try {
            serve(frame);
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
        RequestFrame request = RequestFrame.decode(frame);
        Optional<ApiKey> api = request.api();
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
        RequestContext context = new RequestContext(request.apiVersion(), request.correlationId(), request.clientId(),
                connectionId, (InetSocketAddress) ctx.channel().remoteAddress());
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
        if (response instanceof Response.Body body && ctx.channel().isActive()) {
            Message message = plan.partitionErrors().isEmpty() ? body.body() : FaultRules.merge(api, body.body(), plan);
            try {
                ResponseWriter.write(ctx.channel(), api, context.apiVersion(), context.correlationId(), message);
            } catch (RuntimeException e) {
                // Runs as an event-loop task: anything escaping would leave the connection busy forever.
                log.error("Response to {} v{} could not be encoded; closing connection {}", api.apiName(),
                        context.apiVersion(), connectionId, e);
                close("the broker built a response it could not encode");
                return;
            }
        }
        done();
    }

    private void answerUnsupportedVersion(ApiKey api, RequestHandler handler, RequestFrame request) {
        if (api == ApiKey.API_VERSIONS) {
            ResponseWriter.write(ctx.channel(), api, (short) 0, request.correlationId(), apiVersions.unsupportedVersionResponse());
        } else {
            log.info("Connection {} sent {} v{}; this broker serves versions {}", connectionId, api.apiName(),
                    request.apiVersion(), handler.versions());
            ResponseWriter.writeBareError(ctx.channel(), request.correlationId(), ErrorCode.UNSUPPORTED_VERSION.code());
        }
        done();
    }

    private void done() {
        busy = false;
        serveNext();
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
        waiting.clear();
        ctx.fireChannelInactive();
    }

    private void close(String why) {
        log.warn("Closing connection {} from {}: {}", connectionId, ctx.channel().remoteAddress(), why);
        waiting.clear();
        ctx.close();
    }
}
