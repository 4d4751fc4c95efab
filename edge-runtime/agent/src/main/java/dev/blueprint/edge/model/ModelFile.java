package dev.blueprint.edge.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the {@code .bpm} model file (see docs/model-format.md): a magic number, a format
 * version, the body length, the body, and a SHA-256 of everything before it. A file is checked
 * whole before any of it is believed, so a truncated, corrupted or newer file is refused with a
 * reason and never half-loaded.
 */
public final class ModelFile {
  /**
   * "BPM" then the PNG trick: a byte above 127 and line endings that text transfers would alter.
   */
  static final byte[] MAGIC = {'B', 'P', 'M', (byte) 0x89, '\r', '\n', 0x1A, '\n'};

  /** The version this runtime writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final int HEADER_BYTES = MAGIC.length + 2 + 2 + 8;
  private static final int DIGEST_BYTES = 32;
  private static final int MAX_RANK = 8;

  private ModelFile() {}

  /**
   * Writes {@code graph} to {@code file} through a temporary file and a rename: never half-written.
   */
  public static void write(Graph graph, Path file) {
    byte[] bytes = toBytes(graph);
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      // A sibling, not createTempFile: that one is private (0600) and the rename would keep it so.
      Path tmp =
          dir.resolve(
              "."
                  + file.getFileName()
                  + "."
                  + ProcessHandle.current().pid()
                  + "."
                  + System.nanoTime()
                  + ".tmp");
      try {
        Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static Graph read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
    }
    return fromBytes(bytes, file.toString());
  }

  public static byte[] toBytes(Graph graph) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(body)) {
      writeBody(graph, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] b = body.toByteArray();
    ByteBuffer file = ByteBuffer.allocate(HEADER_BYTES + b.length + DIGEST_BYTES);
    file.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0).putLong(b.length).put(b);
    file.put(sha256(file.array(), HEADER_BYTES + b.length));
    return file.array();
  }

  /** Recomputes the checksum of edited file bytes; tests use it to forge well-sealed bad files. */
  static byte[] reseal(byte[] bytes) {
    byte[] copy = bytes.clone();
    int signed = copy.length - DIGEST_BYTES;
    System.arraycopy(sha256(copy, signed), 0, copy, signed, DIGEST_BYTES);
    return copy;
  }

  public static Graph fromBytes(byte[] bytes, String source) {
    if (bytes.length < MAGIC.length || !startsWithMagic(bytes)) {
      throw new ModelFileException(source + ": not a Blueprint model file (bad magic number)");
    }
    if (bytes.length < HEADER_BYTES + DIGEST_BYTES) {
      throw new ModelFileException(
          source + ": truncated: " + bytes.length + " bytes is shorter than the header");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes);
    header.position(MAGIC.length);
    int version = Short.toUnsignedInt(header.getShort());
    header.getShort();
    long bodyLength = header.getLong();
    if (version > FORMAT_VERSION) {
      throw new ModelFileException(
          source
              + ": format version "
              + version
              + " is newer than this runtime reads ("
              + FORMAT_VERSION
              + "); update the runtime");
    }
    if (version < 1) {
      throw new ModelFileException(source + ": format version " + version + " does not exist");
    }
    long expected = HEADER_BYTES + bodyLength + DIGEST_BYTES;
    if (bodyLength < 0 || expected > bytes.length) {
      throw new ModelFileException(
          source
              + ": truncated: the header promises "
              + expected
              + " bytes, the file has "
              + bytes.length);
    }
    if (expected < bytes.length) {
      throw new ModelFileException(
          source
              + ": "
              + (bytes.length - expected)
              + " unexpected bytes after the end of the model");
    }
    int signed = (int) (HEADER_BYTES + bodyLength);
    byte[] digest = sha256(bytes, signed);
    if (!MessageDigest.isEqual(digest, Arrays.copyOfRange(bytes, signed, bytes.length))) {
      throw new ModelFileException(
          source + ": corrupted: the SHA-256 checksum does not match the contents");
    }
    ByteBuffer body = ByteBuffer.wrap(bytes, HEADER_BYTES, (int) bodyLength).slice();
    try {
      return readBody(body);
    } catch (BufferUnderflowException e) {
      throw new ModelFileException(
          source + ": malformed: a section runs past the end of the body", e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ModelFileException(source + ": " + e.getMessage(), e);
    }
  }

  private static boolean startsWithMagic(byte[] bytes) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void writeBody(Graph g, DataOutputStream out) throws IOException {
    writeString(out, g.name());
    out.writeInt(g.metadata().size());
    for (var e : g.metadata().entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    out.writeInt(g.tensors().size());
    for (TensorSpec t : g.tensors()) {
      writeString(out, t.name());
      out.writeByte(t.type().code());
      int[] dims = t.shape().dims();
      out.writeByte(dims.length);
      for (int d : dims) {
        out.writeInt(d);
      }
      if (t.quantization().isPresent()) {
        Quantization q = t.quantization().get();
        out.writeByte(1);
        out.writeInt(q.channels());
        out.writeInt(q.axis());
        for (float s : q.scales()) {
          out.writeFloat(s);
        }
        for (int z : q.zeroPoints()) {
          out.writeInt(z);
        }
      } else {
        out.writeByte(0);
      }
      out.writeByte(t.isConstant() ? 1 : 0);
      if (t.isConstant()) {
        switch (t.type()) {
          case FLOAT32 -> {
            for (float v : t.floats()) {
              out.writeFloat(v);
            }
          }
          case INT8 -> out.write(t.bytes());
          case INT32 -> {
            for (int v : t.ints()) {
              out.writeInt(v);
            }
          }
        }
      }
    }
    out.writeInt(g.nodes().size());
    for (Node n : g.nodes()) {
      writeString(out, n.name());
      writeString(out, n.op().label());
      writeInts(out, n.inputs());
      writeInts(out, n.outputs());
      Map<String, Object> attrs = n.attributes().asMap();
      out.writeInt(attrs.size());
      for (var e : attrs.entrySet()) {
        writeString(out, e.getKey());
        Object v = e.getValue();
        if (v instanceof Integer i) {
          out.writeByte(1);
          out.writeInt(i);
        } else if (v instanceof Float f) {
          out.writeByte(2);
          out.writeFloat(f);
        } else if (v instanceof String s) {
          out.writeByte(3);
          writeString(out, s);
        } else {
          out.writeByte(4);
          writeInts(out, (int[]) v);
        }
      }
    }
    writeInts(out, g.inputs());
    writeInts(out, g.outputs());
  }

  private static Graph readBody(ByteBuffer in) {
    String name = readString(in);
    int metaCount = count(in, "metadata entries");
    Map<String, String> meta = new LinkedHashMap<>();
    for (int i = 0; i < metaCount; i++) {
      meta.put(readString(in), readString(in));
    }
    int tensorCount = count(in, "tensors");
    List<TensorSpec> tensors = new ArrayList<>(tensorCount);
    for (int i = 0; i < tensorCount; i++) {
      String tname = readString(in);
      DataType type;
      try {
        type = DataType.fromCode(in.get());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tensor '" + tname + "': " + e.getMessage());
      }
      int rank = in.get();
      if (rank < 0 || rank > MAX_RANK) {
        throw new IllegalArgumentException(
            "tensor '" + tname + "': rank " + rank + " is out of range");
      }
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = in.getInt();
      }
      TensorShape shape;
      try {
        shape = TensorShape.of(dims);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tensor '" + tname + "': " + e.getMessage());
      }
      Quantization q = null;
      if (in.get() == 1) {
        int channels = count(in, "scales");
        int axis = in.getInt();
        float[] scales = new float[channels];
        int[] zps = new int[channels];
        for (int c = 0; c < channels; c++) {
          scales[c] = in.getFloat();
        }
        for (int c = 0; c < channels; c++) {
          zps[c] = in.getInt();
        }
        try {
          q = Quantization.of(scales, zps, axis);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("tensor '" + tname + "': " + e.getMessage());
        }
      }
      boolean constant = in.get() == 1;
      if (!constant) {
        tensors.add(TensorSpec.activation(tname, type, shape, q));
        continue;
      }
      int n = shape.size();
      if ((long) n * type.bytes() > in.remaining()) {
        throw new IllegalArgumentException(
            "tensor '" + tname + "': its " + n + " values run past the end of the body");
      }
      switch (type) {
        case FLOAT32 -> {
          float[] v = new float[n];
          in.asFloatBuffer().get(v);
          in.position(in.position() + 4 * n);
          tensors.add(TensorSpec.constant(tname, shape, v));
        }
        case INT8 -> {
          byte[] v = new byte[n];
          in.get(v);
          if (q == null) {
            throw new IllegalArgumentException("int8 constant '" + tname + "' has no quantization");
          }
          tensors.add(TensorSpec.constant(tname, shape, v, q));
        }
        case INT32 -> {
          int[] v = new int[n];
          in.asIntBuffer().get(v);
          in.position(in.position() + 4 * n);
          tensors.add(TensorSpec.constant(tname, shape, v, q));
        }
      }
    }
    int nodeCount = count(in, "nodes");
    List<Node> nodes = new ArrayList<>(nodeCount);
    for (int i = 0; i < nodeCount; i++) {
      String nname = readString(in);
      String opLabel = readString(in);
      OpType op =
          OpType.fromLabel(opLabel)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "node '"
                              + nname
                              + "': unknown op '"
                              + opLabel
                              + "' (this runtime knows: "
                              + OpType.known()
                              + ")"));
      int[] ins = readInts(in);
      int[] outs = readInts(in);
      int attrCount = count(in, "attributes");
      Attributes.Builder attrs = Attributes.builder();
      for (int a = 0; a < attrCount; a++) {
        String key = readString(in);
        int tag = in.get();
        switch (tag) {
          case 1 -> attrs.put(key, in.getInt());
          case 2 -> attrs.put(key, in.getFloat());
          case 3 -> attrs.put(key, readString(in));
          case 4 -> attrs.ints(key, readInts(in));
          default ->
              throw new IllegalArgumentException(
                  "node '" + nname + "': attribute '" + key + "' has unknown tag " + tag);
        }
      }
      nodes.add(new Node(nname, op, ins, outs, attrs.build()));
    }
    int[] inputs = readInts(in);
    int[] outputs = readInts(in);
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes left over after the graph");
    }
    return new Graph(name, meta, tensors, nodes, inputs, outputs);
  }

  private static int count(ByteBuffer in, String what) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("implausible count of " + what + ": " + n);
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer in) {
    int n = count(in, "string bytes");
    byte[] b = new byte[n];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(ByteBuffer in) {
    int n = count(in, "list entries");
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.getInt();
    }
    return v;
  }
}
