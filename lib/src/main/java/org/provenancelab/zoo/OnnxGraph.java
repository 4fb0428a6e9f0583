package org.provenancelab.zoo;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.provenancelab.tensor.DType;
import org.provenancelab.tensor.Tensor;
import org.provenancelab.zoo.onnx.OnnxWeights.GraphProto;
import org.provenancelab.zoo.onnx.OnnxWeights.ModelProto;
import org.provenancelab.zoo.onnx.OnnxWeights.NodeProto;
import org.provenancelab.zoo.onnx.OnnxWeights.TensorProto;

/**
 * The weights of an exported BERT ONNX graph under their PyTorch names and in PyTorch layout.
 * LayerNorm and bias initializers keep their names in the export; MatMul weights are renamed
 * {@code onnx::MatMul_N} and stored input × output. Each MatMul (or MatMulInteger) node's name,
 * {@code /encoder/layer.3/attention/self/query/MatMul}, gives the module path back
 * ({@code encoder.layer.3.attention.self.query.weight}); the weight is transposed to
 * output × input. Quantized weights keep their int8/uint8 bytes, with their scales and zero
 * points as tensors named {@code <name>_scale} and {@code <name>_zero_point}.
 */
public final class OnnxGraph {
    /** Quantization parameters of one weight, in PyTorch layout (per output row, or one for all). */
    public record Quantization(float[] scale, int[] zeroPoint) {
        public boolean perRow() {
            return scale.length > 1;
        }
    }

    private final String model;
    private final Map<String, Tensor> tensors;
    private final Map<String, Quantization> quantization;
    private final Map<String, String> onnxNames;
    private final List<Long> headCandidates;
    private final int matMulWeights;

    private OnnxGraph(String model, Map<String, Tensor> tensors, Map<String, Quantization> quantization,
                      Map<String, String> onnxNames, List<Long> headCandidates, int matMulWeights) {
        this.model = model;
        this.tensors = tensors;
        this.quantization = quantization;
        this.onnxNames = onnxNames;
        this.headCandidates = headCandidates;
        this.matMulWeights = matMulWeights;
    }

    /** Reads the graph of {@code model}'s ONNX file from {@code in}. */
    public static OnnxGraph read(String model, InputStream in) throws IOException {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ZooException(model, "the ONNX file is not a valid model (" + e.getMessage() + ")");
        }
        if (!proto.hasGraph() || proto.getGraph().getInitializerCount() == 0) {
            throw new ZooException(model, "the ONNX file has no graph initializers (no weights to read)");
        }
        GraphProto g = proto.getGraph();
        Map<String, TensorProto> init = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), t);
        }
        // MatMul weights: initializer name -> PyTorch module path
        Map<String, String> weightOf = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            if ((n.getOpType().equals("MatMul") || n.getOpType().equals("MatMulInteger")) && n.getInputCount() >= 2) {
                String w = n.getInput(1);
                String base = w.endsWith("_quantized") ? w.substring(0, w.length() - "_quantized".length()) : w;
                if (init.containsKey(w) && base.startsWith("onnx::MatMul")) {
                    weightOf.put(base, modulePath(model, n.getName()) + ".weight");
                }
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Quantization> quant = new LinkedHashMap<>();
        Map<String, String> onnxNames = new LinkedHashMap<>();
        for (TensorProto t : init.values()) {
            String name = t.getName();
            if (name.endsWith("_scale") || name.endsWith("_zero_point") || name.equals("embeddings.position_ids")) {
                continue; // scales and zero points are attached to their weight below; position ids are not weights
            }
            boolean quantized = name.endsWith("_quantized");
            String base = quantized ? name.substring(0, name.length() - "_quantized".length()) : name;
            boolean matmul = weightOf.containsKey(base);
            if (base.startsWith("onnx::") && !matmul) {
                throw new ZooException(model, "initializer " + name + " feeds no MatMul node whose name gives its parameter");
            }
            String torchName = matmul ? weightOf.get(base) : base;
            Tensor tensor = tensor(model, torchName, t);
            if (matmul) {
                tensor = transpose(tensor);
            }
            if (quantized) {
                tensor = tensor.asCodes(); // int8 codes: doubles() refuses them, dequantized() gives values
            }
            tensors.put(torchName, tensor);
            onnxNames.put(torchName, name);
            if (quantized) {
                TensorProto s = init.get(base + "_scale"), z = init.get(base + "_zero_point");
                if (s == null || z == null) {
                    throw new ZooException(model, "quantized " + name + " has no " + (s == null ? "_scale" : "_zero_point"));
                }
                Quantization q = new Quantization(floats(model, s), ints(model, z));
                quant.put(torchName, q);
                tensors.put(torchName + "_scale", new Tensor(torchName + "_scale", DType.F32, new long[] {q.scale().length}, f32Bytes(q.scale())));
                Tensor zp = tensor(model, torchName + "_zero_point", z);
                tensors.put(torchName + "_zero_point", zp);
                onnxNames.put(torchName + "_scale", base + "_scale");
                onnxNames.put(torchName + "_zero_point", base + "_zero_point");
            }
        }
        return new OnnxGraph(model, tensors, quant, onnxNames, headCandidates(g), weightOf.size());
    }

    /** "/encoder/layer.3/attention/self/query/MatMul_quant" -> "encoder.layer.3.attention.self.query". */
    static String modulePath(String model, String nodeName) throws ZooException {
        int last = nodeName.lastIndexOf('/');
        if (!nodeName.startsWith("/") || last <= 0) {
            throw new ZooException(model, "MatMul node '" + nodeName + "' does not name its module");
        }
        return nodeName.substring(1, last).replace('/', '.');
    }

    /** Scalar int64 constants of layer 0's self-attention: the head count and head size are among them. */
    private static List<Long> headCandidates(GraphProto g) {
        List<Long> out = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getName().startsWith("/encoder/layer.0/attention/self/")
                    && n.getAttributeCount() > 0 && n.getAttribute(0).hasT()) {
                TensorProto t = n.getAttribute(0).getT();
                if (t.getDataType() == 7 && t.getRawData().size() == 8) {
                    out.add(ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getLong());
                }
            }
        }
        return out;
    }

    private static Tensor tensor(String model, String name, TensorProto t) throws ZooException {
        DType dtype = dtype(model, name, t.getDataType());
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = Tensor.elementCount(shape);
        byte[] raw;
        if (t.hasRawData()) {
            raw = t.getRawData().toByteArray();
        } else if (t.getFloatDataCount() > 0) {
            float[] f = new float[t.getFloatDataCount()];
            for (int i = 0; i < f.length; i++) {
                f[i] = t.getFloatData(i);
            }
            raw = f32Bytes(f);
        } else if (t.getInt32DataCount() > 0 && dtype.size() <= 4) {
            // ONNX keeps 8-, 16- and 32-bit integers one per int32 entry
            ByteBuffer b = ByteBuffer.allocate(t.getInt32DataCount() * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : t.getInt32DataList()) {
                switch (dtype.size()) {
                    case 1 -> b.put((byte) v);
                    case 2 -> b.putShort((short) v);
                    default -> b.putInt(v);
                }
            }
            raw = b.array();
        } else if (t.getInt64DataCount() > 0 && dtype.size() == 8) {
            ByteBuffer b = ByteBuffer.allocate(t.getInt64DataCount() * 8).order(ByteOrder.LITTLE_ENDIAN);
            t.getInt64DataList().forEach(b::putLong);
            raw = b.array();
        } else {
            raw = new byte[0];
        }
        if (raw.length != n * dtype.size()) {
            throw new ZooException(model, "initializer " + t.getName() + " holds " + raw.length + " bytes, its shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + n * dtype.size());
        }
        return new Tensor(name, dtype, shape, raw);
    }

    static DType dtype(String model, String name, int onnxType) throws ZooException {
        return switch (onnxType) {
            case 1 -> DType.F32;
            case 2 -> DType.U8;
            case 3 -> DType.I8;
            case 4 -> DType.U16;
            case 5 -> DType.I16;
            case 6 -> DType.I32;
            case 7 -> DType.I64;
            case 9 -> DType.BOOL;
            case 10 -> DType.F16;
            case 11 -> DType.F64;
            case 12 -> DType.U32;
            case 13 -> DType.U64;
            case 16 -> DType.BF16;
            case 17 -> DType.F8_E4M3;
            case 19 -> DType.F8_E5M2;
            default -> throw new ZooException(model, "tensor " + name + " has ONNX data type " + onnxType
                    + ", which the lab does not read (strings, complex numbers, FNUZ 8-bit floats)");
        };
    }

    /** [in, out] -> [out, in], bytes moved element by element. */
    private static Tensor transpose(Tensor t) {
        long[] s = t.shape();
        if (s.length != 2) {
            return t;
        }
        int rows = (int) s[0], cols = (int) s[1], size = t.dtype().size();
        byte[] src = t.rawBytes(), dst = new byte[src.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                System.arraycopy(src, (i * cols + j) * size, dst, (j * rows + i) * size, size);
            }
        }
        return new Tensor(t.name(), t.dtype(), new long[] {cols, rows}, dst);
    }

    private static float[] floats(String model, TensorProto t) throws ZooException {
        Tensor x = tensor(model, t.getName(), t);
        float[] f = x.floats();
        return f;
    }

    private static int[] ints(String model, TensorProto t) throws ZooException {
        double[] d = tensor(model, t.getName(), t).doubles();
        int[] v = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            v[i] = (int) d[i];
        }
        return v;
    }

    private static byte[] f32Bytes(float[] f) {
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : f) {
            b.putFloat(v);
        }
        return b.array();
    }

    public String model() {
        return model;
    }

    /** Every weight, by PyTorch name, in PyTorch layout. */
    public Map<String, Tensor> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    /** The ONNX initializer each PyTorch name came from. */
    public Map<String, String> onnxNames() {
        return java.util.Collections.unmodifiableMap(onnxNames);
    }

    /** How many MatMul weights were renamed from their node names. */
    public int matMulWeights() {
        return matMulWeights;
    }

    public Map<String, Quantization> quantization() {
        return java.util.Collections.unmodifiableMap(quantization);
    }

    /**
     * The dequantized weight, (q − zero point) × scale, per output row where the scale is per row.
     */
    public Tensor dequantized(String name) {
        Quantization q = quantization.get(name);
        Tensor t = tensors.get(name);
        if (q == null || t == null) {
            throw new IllegalArgumentException(model + ": " + name + " is not a quantized weight");
        }
        double[] v = t.codes();
        int rows = t.rows(), cols = t.rowLength();
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            int k = q.perRow() ? r : 0;
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) ((v[r * cols + c] - q.zeroPoint()[k]) * q.scale()[k]);
            }
        }
        return new Tensor(name, DType.F32, t.shape(), f32Bytes(out));
    }

    /** Attention heads: the int64 constant h of layer 0's self-attention with hidden / h also present. */
    public int heads(int hidden) {
        for (long h : headCandidates) {
            if (h > 1 && hidden % h == 0 && headCandidates.contains(hidden / h) && h <= hidden / h) {
                return (int) h;
            }
        }
        return -1;
    }
}
