package org.provenancelab.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;

/**
 * Writing safetensors: the header for a list of tensors (offsets assigned in order, JSON padded
 * with spaces to a multiple of 8 as the reference writer does), and whole files of real tensors.
 */
public final class ShardLayout {
    /** A tensor's place in a file being written. */
    public record Planned(String name, DType dtype, long[] shape, long begin, long end) {}

    private final byte[] headerBytes;
    private final List<Planned> planned;

    private ShardLayout(byte[] headerBytes, List<Planned> planned) {
        this.headerBytes = headerBytes;
        this.planned = planned;
    }

    /** Plans a file holding these tensors in this order. */
    public static ShardLayout plan(List<String> names, List<DType> dtypes, List<long[]> shapes, Map<String, String> metadata) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = root.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        List<Planned> planned = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < names.size(); i++) {
            long size = Tensor.elementCount(shapes.get(i)) * dtypes.get(i).size();
            ObjectNode t = root.putObject(names.get(i));
            t.put("dtype", dtypes.get(i).name());
            var sh = t.putArray("shape");
            for (long d : shapes.get(i)) {
                sh.add(d);
            }
            var off = t.putArray("data_offsets");
            off.add(offset);
            off.add(offset + size);
            planned.add(new Planned(names.get(i), dtypes.get(i), shapes.get(i).clone(), offset, offset + size));
            offset += size;
        }
        byte[] json;
        try {
            json = new ObjectMapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[8 + padded];
        ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, head, 8, json.length);
        Arrays.fill(head, 8 + json.length, head.length, (byte) ' ');
        return new ShardLayout(head, List.copyOf(planned));
    }

    /** The length prefix and JSON header: 8 + N bytes. */
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    public int headerSize() {
        return headerBytes.length;
    }

    public List<Planned> tensors() {
        return planned;
    }

    /** Total file size. */
    public long fileSize() {
        return headerBytes.length + (planned.isEmpty() ? 0 : planned.get(planned.size() - 1).end());
    }

    /** A complete file of real tensors, in the given order. */
    public static byte[] write(List<Tensor> tensors, Map<String, String> metadata) {
        List<String> names = new ArrayList<>();
        List<DType> dtypes = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : tensors) {
            names.add(t.name());
            dtypes.add(t.dtype());
            shapes.add(t.shape());
        }
        ShardLayout l = plan(names, dtypes, shapes, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) l.fileSize());
        out.writeBytes(l.headerBytes);
        for (Tensor t : tensors) {
            out.writeBytes(t.rawBytes());
        }
        return out.toByteArray();
    }
}
