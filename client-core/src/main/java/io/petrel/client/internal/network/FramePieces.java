package io.petrel.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * How {@link FrameDecoder} holds the bytes of a frame that spans several socket reads until it copies them into
 * the frame (when the frame is whole, or for a large frame once a quarter of it has arrived): as the pieces the
 * reads produced, in one composite buffer, so each byte is copied once, into the frame (Netty's default merges
 * every read into one growing buffer, re-copying a 1 MiB fetch response about three times into buffers of up to
 * 2 MiB).
 *
 * <p>Bounded memory: a piece is kept as it is only when at least half its buffer holds data; a sparser piece (a
 * short read into a large buffer) is replaced by an exact copy, so the kept buffers hold at most twice the bytes
 * received. And when the pieces become many for the bytes they hold (more than {@link #FREE_PIECES} plus one per
 * {@link #BYTES_PER_PIECE} bytes: a peer trickling bytes), they are consolidated into one buffer, so a trickle
 * costs what merging would and per-piece overhead stays a small fraction of the bytes.
 */
final class FramePieces implements ByteToMessageDecoder.Cumulator {
    static final int FREE_PIECES = 64;
    static final int BYTES_PER_PIECE = 1024;

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable()) {
            cumulation.release();
            return in;
        }
        ByteBuf piece = in;
        if (in.readableBytes() * 2L < in.capacity()) {
            piece = alloc.buffer(in.readableBytes()).writeBytes(in);
            in.release();
        }
        CompositeByteBuf pieces;
        if (cumulation instanceof CompositeByteBuf composite && composite.refCnt() == 1) {
            pieces = composite;
        } else {
            pieces = alloc.compositeBuffer(Integer.MAX_VALUE).addFlattenedComponents(true, cumulation);
        }
        pieces.addFlattenedComponents(true, piece);
        if (pieces.numComponents() > FREE_PIECES + pieces.readableBytes() / BYTES_PER_PIECE) {
            pieces.discardReadComponents();
            pieces.consolidate();
        }
        return pieces;
    }
}
