package dev.blueprint.edge.ota;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a manifest's payload files under a folder, checking every chunk against its signed hash as
 * it arrives and never accepting a byte past the declared size. Memory stays at one chunk whatever
 * the bundle's size.
 */
public final class PayloadWriter {
  private PayloadWriter() {}

  /** The SHA-256 of {@code data[0, length)} in hex. */
  public static String sha256(byte[] data, int length) {
    MessageDigest d = digest();
    d.update(data, 0, length);
    return HexFormat.of().formatHex(d.digest());
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks one chunk of {@code file} (index {@code index}) against the manifest. */
  public static void checkChunk(
      Manifest manifest, Manifest.FileEntry file, int index, byte[] data, int length) {
    if (index < 0 || index >= file.chunks().size()) {
      throw new Rejection(
          Rejection.Reason.ENDLESS_DATA,
          file.path()
              + ": chunk "
              + index
              + " is past the "
              + file.chunks().size()
              + " the manifest declares");
    }
    long expected =
        Math.min(manifest.chunkSize(), file.size() - (long) index * manifest.chunkSize());
    if (length > expected) {
      throw new Rejection(
          Rejection.Reason.ENDLESS_DATA,
          file.path()
              + ": chunk "
              + index
              + " has "
              + length
              + " bytes, the manifest declares "
              + expected);
    }
    if (length < expected) {
      throw new Rejection(
          Rejection.Reason.PARTIAL,
          file.path()
              + ": chunk "
              + index
              + " has "
              + length
              + " bytes, the manifest declares "
              + expected);
    }
    if (!sha256(data, length).equals(file.chunks().get(index))) {
      throw new Rejection(
          Rejection.Reason.MISMATCH,
          file.path()
              + ": chunk "
              + index
              + " does not match its signed hash (corrupted, or from another release)");
    }
  }

  /**
   * Copies {@code in} to {@code target}, reading at most the declared size plus one byte, and
   * checks each chunk and the whole file's hash. The target is fsynced; on any rejection it is
   * deleted.
   */
  public static void write(Manifest manifest, Manifest.FileEntry file, InputStream in, Path target)
      throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    MessageDigest whole = digest();
    byte[] chunk = new byte[manifest.chunkSize()];
    boolean ok = false;
    try (FileChannel ch =
            FileChannel.open(
                target,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = Channels.newOutputStream(ch)) {
      long written = 0;
      int index = 0;
      while (true) {
        int n = in.readNBytes(chunk, 0, chunk.length);
        if (n == 0) {
          break;
        }
        if (written + n > file.size()) {
          throw new Rejection(
              Rejection.Reason.ENDLESS_DATA,
              file.path() + ": more than the " + file.size() + " bytes the manifest declares");
        }
        checkChunk(manifest, file, index, chunk, n);
        out.write(chunk, 0, n);
        whole.update(chunk, 0, n);
        written += n;
        index++;
        if (n < chunk.length) {
          if (in.read() >= 0) {
            throw new Rejection(
                Rejection.Reason.ENDLESS_DATA,
                file.path() + ": more than the " + file.size() + " bytes the manifest declares");
          }
          break;
        }
      }
      if (written < file.size()) {
        throw new Rejection(
            Rejection.Reason.PARTIAL,
            file.path()
                + ": "
                + written
                + " of the "
                + file.size()
                + " bytes the manifest declares");
      }
      if (!HexFormat.of().formatHex(whole.digest()).equals(file.sha256())) {
        throw new Rejection(
            Rejection.Reason.MISMATCH, file.path() + ": does not match its signed SHA-256");
      }
      out.flush();
      ch.force(true);
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(target);
      }
    }
  }

  /**
   * Checks a file already on disk (a finished transfer's part file) against the manifest: its size,
   * every chunk and the whole hash, reading one chunk at a time.
   */
  public static void verify(Manifest manifest, Manifest.FileEntry file, Path path)
      throws IOException {
    long size = Files.size(path);
    if (size != file.size()) {
      throw new Rejection(
          size > file.size() ? Rejection.Reason.ENDLESS_DATA : Rejection.Reason.PARTIAL,
          file.path() + ": " + size + " bytes on disk, the manifest declares " + file.size());
    }
    MessageDigest whole = digest();
    byte[] chunk = new byte[manifest.chunkSize()];
    try (InputStream in = Files.newInputStream(path)) {
      for (int index = 0; index < file.chunks().size(); index++) {
        int n = in.readNBytes(chunk, 0, chunk.length);
        if (n > 0 || file.size() == 0) {
          checkChunk(manifest, file, index, chunk, n);
        }
        whole.update(chunk, 0, n);
      }
    }
    if (!HexFormat.of().formatHex(whole.digest()).equals(file.sha256())) {
      throw new Rejection(
          Rejection.Reason.MISMATCH, file.path() + ": does not match its signed SHA-256");
    }
  }

  /** The manifest entry for a file: size, whole hash and chunk hashes, read in one pass. */
  public static Manifest.FileEntry describe(Path file, String path, int chunkSize)
      throws IOException {
    MessageDigest whole = digest();
    List<String> chunks = new ArrayList<>();
    byte[] buffer = new byte[chunkSize];
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        int n = in.readNBytes(buffer, 0, chunkSize);
        if (n == 0 && size > 0) {
          break;
        }
        whole.update(buffer, 0, n);
        chunks.add(sha256(buffer, n));
        size += n;
        if (n < chunkSize) {
          break;
        }
      }
    }
    return new Manifest.FileEntry(path, size, HexFormat.of().formatHex(whole.digest()), chunks);
  }
}
