package io.petrel.compression.internal;

import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Constants and checksums of the LZ4 frame format (lz4_Frame_format.md): a little-endian magic
 * number, a frame descriptor (FLG, BD, optional content size and dictionary id, then a header
 * checksum byte), data blocks each preceded by a 4-byte little-endian size whose high bit marks a
 * stored (uncompressed) block, and a zero end mark optionally followed by a content checksum.
 */
final class Lz4Frame {

    static final int MAGIC = 0x184D2204;
    static final int UNCOMPRESSED_BLOCK = 0x80000000;
    static final int END_MARK = 0;

    static final int FLG_VERSION_01 = 0x40;
    static final int FLG_VERSION_MASK = 0xC0;
    static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_RESERVED = 0x02;
    static final int FLG_DICTIONARY_ID = 0x01;

    static final int BD_RESERVED = 0x8F;
    static final int BLOCK_SIZE_ID_64KB = 4;
    static final int BLOCK_SIZE_ID_MAX = 7;

    /** Per-block and header checksums use xxHash32 with seed 0; the hasher is stateless. */
    static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();
    static final int XXHASH_SEED = 0;

    private Lz4Frame() {}

    /** The largest block a BD size id allows: 64 KB, 256 KB, 1 MB or 4 MB for ids 4 to 7. */
    static int maxBlockSize(int blockSizeId) {
        return 1 << (2 * blockSizeId + 8);
    }

    /** The header checksum: second byte of the xxHash32 of the descriptor, from FLG up to HC. */
    static byte headerChecksum(byte[] descriptor, int off, int len) {
        return (byte) (XXHASH.hash(descriptor, off, len, XXHASH_SEED) >>> 8);
    }
}
