package dev.tally.store;

import com.github.luben.zstd.ZstdOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A text export compressed as it is read, for a ClickHouse server (docs/adr/0131): the server's HTTP
 * compression would compress on the server, but a failure after the first bytes then ends as a clean,
 * complete-looking compressed body with the error text inside (measured on 26.7), so the plain body is
 * read instead (its failure detectable, {@link EngineFailureMarker}) and compressed here, at level 1 like
 * the embedded engine's {@code INTO OUTFILE … COMPRESSION}. The compressed trailer (gzip's CRC and size,
 * zstd's end of frame) is written only after the source ended normally: a failed export never gets one.
 */
final class CompressingInputStream extends InputStream {
    private final InputStream source;
    private final Pending pending = new Pending();
    private final OutputStream compressor;
    private final byte[] chunk = new byte[64 * 1024];
    private boolean finished;

    CompressingInputStream(InputStream source, Compression compression) throws IOException {
        this.source = source;
        this.compressor = switch (compression) {
            case GZIP -> new GZIPOutputStream(pending, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            case ZSTD -> new ZstdOutputStream(pending, compression.level());
            case NONE -> throw new IllegalArgumentException("nothing to compress");
        };
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int offset, int count) throws IOException {
        while (pending.available() == 0 && !finished) {
            int read = source.read(chunk); // a failure propagates before any trailer is made
            if (read < 0) {
                compressor.close();
                finished = true;
            } else {
                compressor.write(chunk, 0, read);
            }
        }
        return pending.available() == 0 ? -1 : pending.take(out, offset, count);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** The compressed bytes not yet read. */
    private static final class Pending extends ByteArrayOutputStream {
        private int taken;

        int available() {
            return count - taken;
        }

        int take(byte[] out, int offset, int length) {
            int copied = Math.min(length, available());
            System.arraycopy(buf, taken, out, offset, copied);
            taken += copied;
            if (taken == count) {
                reset();
                taken = 0;
            }
            return copied;
        }
    }
}
