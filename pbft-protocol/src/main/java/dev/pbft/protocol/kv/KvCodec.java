package dev.pbft.protocol.kv;

import dev.pbft.protocol.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The binary format of {@link KvOp} and {@link KvResult}. All integers are big-endian; a length
 * is an unsigned 32-bit count of the bytes that follow it.
 *
 * <pre>
 * operation := 0x01 PUT    key value
 *            | 0x02 GET    key
 *            | 0x03 DELETE key
 *            | 0x04 CAS    key (0x00 | 0x01 expected) update      -- 0x00: expect absent
 * result    := status:u8 (0x00 | 0x01 value)                       -- status: OK=0 NOT_FOUND=1
 *                                                                   --   CAS_FAILED=2 BAD_REQUEST=3
 * key, value, expected, update := u32 length, then that many bytes
 * </pre>
 *
 * <p>The format is canonical: flags are exactly 0 or 1 and nothing may follow the last field, so
 * every byte string decodes to at most one value and re-encodes to itself.
 *
 * <p>Decoders treat their input as hostile (replicas decode what clients send, clients decode
 * what possibly faulty replicas answer): every length is checked against {@link KvOp#KEY_BYTES_MAX}
 * or the bytes actually left before anything is allocated, so decoding never allocates more than
 * the input's size, and any malformed input fails with an {@link IllegalArgumentException} naming
 * what was wrong. Thread-safe (stateless).
 */
public final class KvCodec {
    static final byte PUT = 1;
    static final byte GET = 2;
    static final byte DELETE = 3;
    static final byte CAS = 4;

    private KvCodec() {
    }

    public static byte[] encode(KvOp op) {
        Writer w = new Writer();
        // Java 17 has no pattern switch (preview only): an instanceof chain over the sealed type.
        if (op instanceof KvOp.Put p) {
            w.u8(PUT).bytes(p.key()).bytes(p.value());
        } else if (op instanceof KvOp.Get g) {
            w.u8(GET).bytes(g.key());
        } else if (op instanceof KvOp.Delete d) {
            w.u8(DELETE).bytes(d.key());
        } else if (op instanceof KvOp.CompareAndSet c) {
            w.u8(CAS).bytes(c.key()).optional(c.expected()).bytes(c.update());
        } else {
            throw new IllegalArgumentException("unknown operation " + op);
        }
        return w.toArray();
    }

    /** Whether {@code encoded} starts as a GET does; cheap, and no proof it is well formed ({@link #decode} is). */
    public static boolean isGet(byte[] encoded) {
        return encoded.length > 0 && encoded[0] == GET;
    }

    /** @throws IllegalArgumentException if {@code encoded} is not exactly one well-formed operation */
    public static KvOp decode(byte[] encoded) {
        Reader r = new Reader(encoded, "operation");
        int code = r.u8("operation code");
        KvOp op = switch (code) {
            case PUT -> new KvOp.Put(r.key(), r.bytes("value"));
            case GET -> new KvOp.Get(r.key());
            case DELETE -> new KvOp.Delete(r.key());
            case CAS -> new KvOp.CompareAndSet(r.key(), r.optional("expected value"), r.bytes("update value"));
            default -> throw new IllegalArgumentException("unknown operation code " + code);
        };
        r.end();
        return op;
    }

    public static byte[] encodeResult(KvResult result) {
        return new Writer().u8(result.status().ordinal()).optional(result.value()).toArray();
    }

    /** @throws IllegalArgumentException if {@code encoded} is not exactly one well-formed result */
    public static KvResult decodeResult(byte[] encoded) {
        Reader r = new Reader(encoded, "result");
        int code = r.u8("status");
        KvResult.Status[] all = KvResult.Status.values();
        if (code >= all.length) {
            throw new IllegalArgumentException("unknown result status " + code);
        }
        KvResult result = new KvResult(all[code], r.optional("result value"));
        r.end();
        return result;
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Writer u8(int b) {
            out.write(b);
            return this;
        }

        Writer bytes(Bytes b) {
            int n = b.length();
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.write(b.backingArray(), 0, n);
            return this;
        }

        Writer optional(Optional<Bytes> b) {
            return b.isPresent() ? u8(1).bytes(b.get()) : u8(0);
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] in;
        private final String what;
        private int pos;

        Reader(byte[] in, String what) {
            this.in = in;
            this.what = what;
        }

        int u8(String field) {
            if (pos >= in.length) {
                throw new IllegalArgumentException(what + " truncated: missing " + field);
            }
            return in[pos++] & 0xff;
        }

        Bytes key() {
            return bytes("key", KvOp.KEY_BYTES_MAX);
        }

        Bytes bytes(String field) {
            return bytes(field, Long.MAX_VALUE); // bounded by the bytes left alone
        }

        private Bytes bytes(String field, long max) {
            if (in.length - pos < 4) {
                throw new IllegalArgumentException(what + " truncated: missing the length of the " + field);
            }
            long length = ((in[pos] & 0xffL) << 24) | ((in[pos + 1] & 0xff) << 16)
                    | ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
            pos += 4;
            if (length > max) {
                throw new IllegalArgumentException(field + " of " + length + " bytes exceeds " + max);
            }
            if (length > in.length - pos) {
                throw new IllegalArgumentException(field + " length " + length + " exceeds the "
                        + (in.length - pos) + " bytes left");
            }
            int start = pos;
            pos += (int) length;
            return Bytes.wrap(Arrays.copyOfRange(in, start, pos));
        }

        Optional<Bytes> optional(String field) {
            int flag = u8("presence flag of the " + field);
            return switch (flag) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(bytes(field));
                default -> throw new IllegalArgumentException("presence flag of the " + field + " is "
                        + flag + ", expected 0 or 1");
            };
        }

        void end() {
            if (pos != in.length) {
                throw new IllegalArgumentException((in.length - pos) + " unexpected bytes after the " + what);
            }
        }
    }
}
