package io.petrel.client.internal.network;

import io.petrel.client.internal.FrameLease;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class ReusableFramesTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void aReleasedFrameIsUsedAgainForTheNextFrameItHoldsAndNotBefore() {
        ReusableFrames frames = new ReusableFrames();
        ByteBuffer first = frames.allocate(MIB);
        FrameLease lease = frames.leaseOf(first);

        ByteBuffer whileLeased = frames.allocate(MIB);
        lease.release();
        ByteBuffer afterRelease = frames.allocate(MIB - 1000);

        assertNotSame(first.array(), whileLeased.array());
        assertSame(first.array(), afterRelease.array());
        assertEquals(0, afterRelease.position());
        assertEquals(MIB - 1000, afterRelease.limit());
        assertEquals(MIB - 1000, afterRelease.capacity());
    }

    @Test
    void smallAndHugeFramesAreNeitherLeasedNorKept() {
        ReusableFrames frames = new ReusableFrames();
        ByteBuffer small = frames.allocate(ReusableFrames.MIN_BYTES - 1);
        ByteBuffer huge = frames.allocate(ReusableFrames.MAX_BYTES + 1);

        assertSame(FrameLease.NONE, frames.leaseOf(small));
        assertSame(FrameLease.NONE, frames.leaseOf(huge));
        assertSame(FrameLease.NONE, frames.leaseOf(ByteBuffer.allocateDirect(16)));
        assertEquals(0, frames.keptCount());
    }

    @Test
    void atMostTwoArraysAreKeptAndASecondReleaseOfOneLeaseKeepsNothingMore() {
        ReusableFrames frames = new ReusableFrames();
        FrameLease a = frames.leaseOf(frames.allocate(MIB));
        FrameLease b = frames.leaseOf(frames.allocate(MIB));
        FrameLease c = frames.leaseOf(frames.allocate(MIB));

        a.release();
        a.release();
        assertEquals(1, frames.keptCount());
        b.release();
        c.release();
        assertEquals(ReusableFrames.KEPT, frames.keptCount());

        // Both kept arrays are handed out once each, then a new one is made.
        ByteBuffer x = frames.allocate(MIB);
        ByteBuffer y = frames.allocate(MIB);
        assertNotSame(x.array(), y.array());
        assertEquals(0, frames.keptCount());
    }

    @Test
    void aFrameLargerThanEveryKeptArrayGetsANewOne() {
        ReusableFrames frames = new ReusableFrames();
        ByteBuffer first = frames.allocate(ReusableFrames.MIN_BYTES);
        frames.leaseOf(first).release();

        ByteBuffer larger = frames.allocate(2 * ReusableFrames.MIN_BYTES);

        assertNotSame(first.array(), larger.array());
        assertEquals(1, frames.keptCount());
    }
}
